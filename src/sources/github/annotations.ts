import { type FindingSeverity, findingSignal } from '../../core/finding';
import type { Signal } from '../../core/signal';
import { githubIdentity } from './remote';
import type { MappingContext } from './mapping';
import { githubSourceId } from './mapping';
import type { GhAnnotation, GhCheckRun } from './types';

/** GitHub's annotation levels; anything else (a level added later, or null) is a notice. */
const SEVERITY: Record<string, FindingSeverity> = { failure: 'error', warning: 'warning', notice: 'information' };

/** The check runs whose annotations are worth reading: finished, and saying they have some. */
export function annotatedCheckRuns(runs: readonly GhCheckRun[], limit: number): GhCheckRun[] {
  return runs.filter((r) => r.status === 'completed' && (r.output?.annotations_count ?? 0) > 0 && !!r.head_sha).slice(0, limit);
}

/**
 * A check run's annotations as findings about the commit the check ran on, the check's name as their
 * tool. Annotations without a usable path or line (GitHub allows `.github` placeholders) are skipped.
 */
export function mapAnnotations(run: GhCheckRun, annotations: readonly GhAnnotation[], ctx: MappingContext, branch?: string): Signal[] {
  const signals: Signal[] = [];
  const commit = run.head_sha;
  if (!commit) return signals;
  const source = ctx.source ?? githubSourceId(ctx.repo);
  const repo = githubIdentity(ctx.repo);
  const createdAt = Date.parse(run.completed_at ?? '') || 0;
  const url = run.html_url ?? undefined;
  const detail = { checkRunId: run.id, checkName: run.name };
  for (let index = 0; index < annotations.length; index++) {
    const a = annotations[index];
    const line = Number(a.start_line);
    if (typeof a.path !== 'string' || a.path === '' || a.path.startsWith('/') || !(line >= 1)) continue;
    const title = typeof a.title === 'string' ? a.title.trim() : '';
    const text = typeof a.message === 'string' ? a.message : '';
    const details = typeof a.raw_details === 'string' && a.raw_details.trim() !== '' ? a.raw_details : '';
    signals.push(
      findingSignal({
        source,
        nativeId: `${run.id}/${index}`,
        tool: run.name,
        severity: SEVERITY[a.annotation_level ?? ''] ?? 'information',
        message: (text.trim() && details ? `${text}\n\n${details}` : text.trim() ? text : details) || title,
        title: title ? `${title}: ${firstLine(text)}` : undefined,
        path: a.path,
        line,
        endLine: Number(a.end_line) || line,
        commit,
        origin: String(run.id),
        repo,
        branch,
        url,
        createdAt,
        detail,
      }),
    );
  }
  return signals;
}

function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  return (newline < 0 ? text : text.slice(0, newline)).slice(0, 160);
}
