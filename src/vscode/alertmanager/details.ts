/**
 * What the details panel adds for an Alertmanager alert: its labels, annotations, silences, the files
 * its annotations name (mapped or not, with the reason) and the Silence / Expire / Open Generator actions.
 */
import type { FileReference, FrameMapping } from '../../core/codeMapping';
import { relativeTime } from '../../core/format';
import type { DetailsContribution, DetailsContributor } from '../../core/details/item';
import type { DetailsAction, DetailsRow, DetailsSection } from '../../core/details/protocol';
import { stringList, stringMap } from '../../core/details/values';
import type { ElsewhereFile, Located } from '../../core/relocate';
import type { Signal } from '../../core/signal';
import { isAlertmanagerSignal } from '../../sources/alertmanager';
import type { SilenceSummary } from '../../sources/alertmanager';

export const ALERTMANAGER_COMMANDS = {
  silence: 'devops.silenceAlert',
  expire: 'devops.expireSilence',
  openGenerator: 'devops.openGeneratorUrl',
} as const;

const MAX_ROWS = 200;

export function alertmanagerDetailsContributor(mapReference?: ReferenceMapper): DetailsContributor {
  return (signal) => (isAlertmanagerSignal(signal) && signal.kind === 'alert' ? alertDetails(signal, mapReference) : undefined);
}

export function alertDetails(alert: Signal, mapReference?: ReferenceMapper): DetailsContribution {
  const d = alert.detail ?? {};
  const sections: DetailsSection[] = [];
  const labels = stringMap(d.labels);
  const annotations = stringMap(d.annotations);
  sections.push({
    title: 'Labels',
    rows: Object.keys(labels)
      .sort()
      .map((k) => ({ label: k, value: labels[k] })),
  });
  if (Object.keys(annotations).length) {
    sections.push({
      title: 'Annotations',
      rows: Object.keys(annotations)
        .sort()
        .map((k): DetailsRow => {
          const value = annotations[k];
          return /^https?:\/\//i.test(value) ? { label: k, value, href: value } : { label: k, value };
        }),
    });
  }
  const silences = Array.isArray(d.silences) ? (d.silences as SilenceSummary[]) : [];
  if (silences.length) {
    sections.push({
      title: 'Silences',
      rows: silences.flatMap((s) => [
        {
          label: 'Silenced by',
          value: `${s.createdBy} until ${new Date(s.endsAt).toLocaleString()}, ${relativeTime(s.endsAt)} (${s.state})`,
        },
        { label: 'Comment', value: s.comment },
        {
          label: 'Matchers',
          value: s.matchers
            .map((m) => `${m.name}${m.isRegex ? (m.isEqual === false ? '!~' : '=~') : m.isEqual === false ? '!=' : '='}"${m.value}"`)
            .join(', '),
        },
        { label: 'Silence id', value: s.id },
      ]),
    });
  } else if (alert.state.normal === 'inhibited') {
    sections.push({ title: 'Inhibited by', rows: stringList(d.inhibitedBy).map((f) => ({ label: 'Alert fingerprint', value: f })) });
  }
  const references = Array.isArray(d.fileReferences) ? (d.fileReferences as FileReference[]) : [];
  if (references.length) sections.push({ title: 'Code named in the annotations', rows: referenceRows(alert, references, mapReference) });
  const elsewhere = Array.isArray(d.filesElsewhere) ? (d.filesElsewhere as ElsewhereFile[]) : [];
  if (elsewhere.length) {
    sections.push({
      title: 'Also in other repositories',
      rows: elsewhere.map((f) => ({
        label: f.repo ?? '?',
        value: `${f.path}${f.line ? `:${f.line}` : ''}`,
        file: { repo: f.repo, path: f.path, line: f.line },
      })),
    });
  }

  const actions: DetailsAction[] = [];
  if (alert.state.normal !== 'silenced') actions.push({ id: ALERTMANAGER_COMMANDS.silence, title: 'Silence Alert…' });
  if (silences.length || stringList(d.silencedBy).length) actions.push({ id: ALERTMANAGER_COMMANDS.expire, title: 'Expire Silence' });
  if (typeof d.generatorURL === 'string' && /^https?:\/\//i.test(d.generatorURL))
    actions.push({ id: ALERTMANAGER_COMMANDS.openGenerator, title: 'Open Generator URL' });
  return { sections, actions };
}

/** Maps an annotation's file reference again, for the panel (same rules and index as the refresh). */
export type ReferenceMapper = (reference: FileReference, alert: Signal) => { mapping: FrameMapping; located?: Located };

/** Each reference: a link when it landed in the workspace, else why not. */
function referenceRows(alert: Signal, references: readonly FileReference[], mapReference: ReferenceMapper | undefined): DetailsRow[] {
  if (!mapReference) {
    const files = alert.anchors.files ?? [];
    return files.map((f) => ({
      label: 'In the workspace',
      value: `${f.path}${f.line ? `:${f.line}` : ''}`,
      file: { repo: alert.anchors.repo, path: f.path, line: f.line },
    }));
  }
  return references.slice(0, MAX_ROWS).map((reference): DetailsRow => {
    const named = `${reference.path}:${reference.line}`;
    const { mapping, located } = mapReference(reference, alert);
    if (mapping.status === 'mapped' && located) {
      return {
        label: named,
        value: `${located.path}:${reference.line}`,
        file: { repo: located.repo, path: located.path, line: reference.line },
      };
    }
    if (mapping.status === 'ambiguous') return { label: named, value: `several workspace files match: ${mapping.candidates.join(', ')}` };
    return { label: named, value: `not in the workspace: ${mapping.status === 'unmapped' ? mapping.reason : 'file not found'}` };
  });
}
