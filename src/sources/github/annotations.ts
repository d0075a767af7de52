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
  annotations.forEach((a, index) => {
    const line = Number(a.start_line);
    if (!run.head_sha || typeof a.path !== 'string' || a.path === '' || a.path.startsWith('/') || !Number.isFinite(line) || line < 1)
      return;
    const message =
      [a.message, a.raw_details].filter((t): t is string => typeof t === 'string' && t.trim() !== '').join('\n\n') || (a.title ?? '');
    signals.push(
      findingSignal({
        source: ctx.source ?? githubSourceId(ctx.repo),
        nativeId: `${run.id}/${index}`,
        tool: run.name,
        severity: SEVERITY[a.annotation_level ?? ''] ?? 'information',
        message,
        title: a.title?.trim() ? `${a.title.trim()}: ${firstLine(a.message ?? '')}` : undefined,
        path: a.path,
        line,
        endLine: Number(a.end_line) || line,
        commit: run.head_sha,
        origin: String(run.id),
        repo: githubIdentity(ctx.repo),
        ...(branch ? { branch } : {}),
        ...(run.html_url ? { url: run.html_url } : {}),
        createdAt: Date.parse(run.completed_at ?? '') || 0,
        detail: { checkRunId: run.id, checkName: run.name },
      }),
    );
  });
  return signals;
}

function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0].slice(0, 160);
}
