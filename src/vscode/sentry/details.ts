/**
 * What the details panel adds for a Sentry issue: its counts, the exception, the stack trace with
 * links into the workspace (in-app first; unmapped frames listed with the reason, never dropped) and
 * the latest event's tags.
 */
import type { DetailsContribution, DetailsContributor } from '../../core/details/item';
import type { DetailsRow, DetailsSection } from '../../core/details/protocol';
import { stringList, stringMap } from '../../core/details/values';
import type { RelocatedMapping } from '../../core/relocate';
import type { Signal } from '../../core/signal';
import { isSentrySignal } from '../../sources/sentry';
import type { MappedFrame } from '../../sources/sentry';

const MAX_ROWS = 200;

export function sentryDetailsContributor(): DetailsContributor {
  return (signal) => (isSentrySignal(signal) && signal.kind === 'error' ? issueDetails(signal) : undefined);
}

export function issueDetails(issue: Signal): DetailsContribution {
  const d = issue.detail ?? {};
  const sections: DetailsSection[] = [];
  const counts: DetailsRow[] = [];
  if (typeof d.level === 'string') counts.push({ label: 'Level', value: d.level });
  if (typeof d.count === 'number') counts.push({ label: 'Events', value: d.count.toLocaleString('en-US') });
  if (typeof d.userCount === 'number') counts.push({ label: 'Users', value: d.userCount.toLocaleString('en-US') });
  if (typeof d.firstSeen === 'string') counts.push({ label: 'First seen', value: d.firstSeen });
  if (typeof d.lastSeen === 'string') counts.push({ label: 'Last seen', value: d.lastSeen });
  if (typeof d.culprit === 'string') counts.push({ label: 'Culprit', value: d.culprit });
  if (typeof d.permalink === 'string' && /^https?:\/\//i.test(d.permalink))
    counts.push({ label: 'Sentry', value: d.permalink, href: d.permalink });
  sections.push({ title: 'Issue', rows: counts });

  const exception = d.exception as { type?: string; value?: string } | undefined;
  if (exception && (exception.type || exception.value)) {
    sections.push({ title: 'Exception', code: [exception.type, exception.value].filter(Boolean).join(': ') });
  }
  const frames = Array.isArray(d.frames) ? (d.frames as MappedFrame[]) : [];
  if (frames.length) {
    sections.push({ title: 'Stack trace (in-app first, innermost first)', rows: frames.slice(0, MAX_ROWS).map(frameRow) });
    const first = frames.find((f) => f.inApp && f.context?.length) ?? frames.find((f) => f.context?.length);
    if (first?.context) {
      sections.push({
        title: `Source around ${first.filename ?? first.absPath ?? 'the frame'}:${first.lineNo ?? '?'}`,
        code: first.context.map(([n, text]) => `${String(n).padStart(5)}${n === first.lineNo ? ' >' : '  '} ${text}`).join('\n'),
      });
    }
  } else if (d.framesFetched === false) {
    sections.push({
      title: 'Stack trace',
      code: 'The latest event was not fetched (only the most recent issues are); refresh later or open it in Sentry.',
    });
  }
  const warnings = stringList(d.warnings);
  if (warnings.length) sections.push({ title: 'Incomplete event', code: warnings.join('\n') });
  const tags = stringMap(d.eventTags);
  if (Object.keys(tags).length)
    sections.push({
      title: 'Tags (latest event)',
      rows: Object.keys(tags)
        .sort()
        .map((k) => ({ label: k, value: tags[k] })),
    });
  return { sections, actions: [] };
}

function frameRow(frame: MappedFrame): DetailsRow {
  const where = `${frame.filename ?? frame.absPath ?? frame.module ?? '?'}${frame.lineNo ? `:${frame.lineNo}` : ''}`;
  const label = `${frame.inApp ? '' : '(library) '}${frame.function ?? '(anonymous)'}`;
  const mapping = frame.mapping;
  if (mapping?.status === 'mapped') {
    const m = mapping as RelocatedMapping;
    return { label, value: `${where} → ${m.path}${m.line ? `:${m.line}` : ''}`, file: { repo: m.repo, path: m.path, line: m.line } };
  }
  if (mapping?.status === 'ambiguous')
    return { label, value: `${where} — several workspace files match: ${mapping.candidates.join(', ')}` };
  if (mapping?.status === 'unmapped') return { label, value: `${where} — not in the workspace: ${mapping.reason}` };
  return { label, value: where };
}
