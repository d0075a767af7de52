/**
 * What the details panel adds for Monitor signals (pure): for an alert its labels, annotations,
 * silences, the files its annotations name (mapped or not) and the actions; for a Sentry issue its
 * counts, the exception, the stack trace with links into the workspace (in-app first; unmapped
 * frames listed with the reason, never dropped) and the latest event's tags.
 */
import type { FileReference, FrameMapping } from '../../core/codeMapping';
import type { Signal } from '../../core/signal';
import type { SilenceSummary } from '../../sources/alertmanager/mapping';
import type { MappedFrame } from '../../sources/sentry/mapping';
import type { DetailsContribution, DetailsContributor } from '../detailsItems';
import type { DetailsAction, DetailsRow, DetailsSection } from '../webview/protocol';
import { isMonitorSignal } from './monitorTree';
import type { ElsewhereFile, Located, RelocatedMapping } from './relocate';

export const MONITOR_COMMANDS = {
  silence: 'devops.silenceAlert',
  expire: 'devops.expireSilence',
  openGenerator: 'devops.openGeneratorUrl',
} as const;

const MAX_ROWS = 200;

export function monitorDetailsContributor(mapReference?: ReferenceMapper): DetailsContributor {
  return (signal) => {
    if (!isMonitorSignal(signal)) return undefined;
    if (signal.kind === 'alert') return alertDetails(signal, mapReference);
    if (signal.kind === 'error') return issueDetails(signal);
    return undefined;
  };
}

export function alertDetails(alert: Signal, mapReference?: ReferenceMapper): DetailsContribution {
  const d = alert.detail ?? {};
  const sections: DetailsSection[] = [];
  const labels = stringMap(d.labels);
  const annotations = stringMap(d.annotations);
  sections.push({ title: 'Labels', rows: Object.keys(labels).sort().map((k) => ({ label: k, value: labels[k] })) });
  if (Object.keys(annotations).length) {
    sections.push({
      title: 'Annotations',
      rows: Object.keys(annotations).sort().map((k): DetailsRow => {
        const value = annotations[k];
        return /^https?:\/\//i.test(value) ? { label: k, value, href: value } : { label: k, value };
      }),
    });
  }
  const silences = Array.isArray(d.silences) ? d.silences as SilenceSummary[] : [];
  if (silences.length) {
    sections.push({
      title: 'Silences',
      rows: silences.flatMap((s) => [
        { label: 'Silenced by', value: `${s.createdBy} until ${new Date(s.endsAt).toISOString()} (${s.state})` },
        { label: 'Comment', value: s.comment },
        { label: 'Matchers', value: s.matchers.map((m) => `${m.name}${m.isRegex ? (m.isEqual === false ? '!~' : '=~') : (m.isEqual === false ? '!=' : '=')}"${m.value}"`).join(', ') },
        { label: 'Silence id', value: s.id },
      ]),
    });
  } else if (alert.state.normal === 'inhibited') {
    sections.push({ title: 'Inhibited by', rows: stringList(d.inhibitedBy).map((f) => ({ label: 'Alert fingerprint', value: f })) });
  }
  const references = Array.isArray(d.fileReferences) ? d.fileReferences as FileReference[] : [];
  if (references.length) sections.push({ title: 'Code named in the annotations', rows: referenceRows(alert, references, mapReference) });
  const elsewhere = Array.isArray(d.filesElsewhere) ? d.filesElsewhere as ElsewhereFile[] : [];
  if (elsewhere.length) {
    sections.push({
      title: 'Also in other repositories',
      rows: elsewhere.map((f) => ({ label: f.repo ?? '?', value: `${f.path}${f.line ? `:${f.line}` : ''}`, file: { repo: f.repo, path: f.path, line: f.line } })),
    });
  }

  const actions: DetailsAction[] = [];
  if (alert.state.normal !== 'silenced') actions.push({ id: MONITOR_COMMANDS.silence, title: 'Silence Alert…' });
  if (silences.length || stringList(d.silencedBy).length) actions.push({ id: MONITOR_COMMANDS.expire, title: 'Expire Silence' });
  if (typeof d.generatorURL === 'string' && /^https?:\/\//i.test(d.generatorURL)) actions.push({ id: MONITOR_COMMANDS.openGenerator, title: 'Open Generator URL' });
  return { sections, actions };
}

/** Maps an annotation's file reference again, for the panel (same rules and index as the refresh). */
export type ReferenceMapper = (reference: FileReference, alert: Signal) => { mapping: FrameMapping; located?: Located };

/** Each reference: a link when it landed in the workspace, else why not. */
function referenceRows(alert: Signal, references: readonly FileReference[], mapReference: ReferenceMapper | undefined): DetailsRow[] {
  if (!mapReference) {
    const files = alert.anchors.files ?? [];
    return files.map((f) => ({ label: 'In the workspace', value: `${f.path}${f.line ? `:${f.line}` : ''}`, file: { repo: alert.anchors.repo, path: f.path, line: f.line } }));
  }
  return references.slice(0, MAX_ROWS).map((reference): DetailsRow => {
    const named = `${reference.path}:${reference.line}`;
    const { mapping, located } = mapReference(reference, alert);
    if (mapping.status === 'mapped' && located) {
      return { label: named, value: `${located.path}:${reference.line}`, file: { repo: located.repo, path: located.path, line: reference.line } };
    }
    if (mapping.status === 'ambiguous') return { label: named, value: `several workspace files match: ${mapping.candidates.join(', ')}` };
    return { label: named, value: `not in the workspace: ${mapping.status === 'unmapped' ? mapping.reason : 'file not found'}` };
  });
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
  if (typeof d.permalink === 'string' && /^https?:\/\//i.test(d.permalink)) counts.push({ label: 'Sentry', value: d.permalink, href: d.permalink });
  sections.push({ title: 'Issue', rows: counts });

  const exception = d.exception as { type?: string; value?: string } | undefined;
  if (exception && (exception.type || exception.value)) {
    sections.push({ title: 'Exception', code: [exception.type, exception.value].filter(Boolean).join(': ') });
  }
  const frames = Array.isArray(d.frames) ? d.frames as MappedFrame[] : [];
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
    sections.push({ title: 'Stack trace', code: 'The latest event was not fetched (only the most recent issues are); refresh later or open it in Sentry.' });
  }
  const warnings = stringList(d.warnings);
  if (warnings.length) sections.push({ title: 'Incomplete event', code: warnings.join('\n') });
  const tags = stringMap(d.eventTags);
  if (Object.keys(tags).length) sections.push({ title: 'Tags (latest event)', rows: Object.keys(tags).sort().map((k) => ({ label: k, value: tags[k] })) });
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
  if (mapping?.status === 'ambiguous') return { label, value: `${where} — several workspace files match: ${mapping.candidates.join(', ')}` };
  if (mapping?.status === 'unmapped') return { label, value: `${where} — not in the workspace: ${mapping.reason}` };
  return { label, value: where };
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

