/**
 * Deploy and incident reports as Tat messages (pure): Tat computes tags from the text's `#words`, so
 * the text ends with `#commit:<sha> #env:<name> #service:<name> #file:<path>:<lines>` and
 * `#report:<id>`; the outcome or severity goes in labels (a state word the label map reads back, and
 * `deploy` / `incident` for the phase). Remote or user text is made one line, and anything that could
 * start a tag of its own (`#`) inside it is neutralised so a summary cannot forge anchors.
 */
import { plainText } from '../../core/plainText';
import type { TatLabel, TatNewMessage } from './types';

export const LABEL_COLORS: Readonly<Record<string, string>> = {
  success: '#14892c',
  failed: '#d04437',
  rollback: '#f79232',
  deploy: '#3572b0',
  incident: '#d04437',
  critical: '#d04437',
  major: '#f79232',
  minor: '#ffd351',
  open: '#d04437',
  resolved: '#14892c',
  note: '#707070',
};

export interface DeployReportInput {
  commit: string;
  environment: string;
  status: 'success' | 'failed' | 'rolledBack';
  version?: string;
  url?: string;
  note?: string;
  service?: string;
  reportId?: string;
  repo?: string;
}

export interface IncidentReportInput {
  commit: string;
  severity: 'critical' | 'major' | 'minor';
  summary: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  environment?: string;
  service?: string;
  url?: string;
  reportId?: string;
  repo?: string;
}

export interface SelectionMessageInput {
  text: string;
  file: string;
  startLine: number;
  endLine: number;
  commit?: string;
  branch?: string;
  repo?: string;
  labels?: readonly string[];
}

const DEPLOY_LABEL = { success: 'success', failed: 'failed', rolledBack: 'rollback' } as const;

export function label(text: string): TatLabel {
  return { text, color: LABEL_COLORS[text] ?? '#707070' };
}

/** User text inside a message: one line, no `#` that Tat would read as a tag. */
export function messageText(text: string, max = 500): string {
  return plainText(text, max).replace(/#/g, '＃');
}

/** A `#key:value` tag, or nothing when the value has characters a Tat tag cannot hold. */
export function tatTag(key: string, value: string | number | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const v = String(value).replace(/\s+/g, '-');
  return /^[\p{L}\p{M}\p{Nd}/._\-:+@?&~=,%]{1,300}$/u.test(v) ? `#${key}:${v}` : undefined;
}

function tags(...list: Array<string | undefined>): string {
  return list.filter((t): t is string => t !== undefined).join(' ');
}

export function deployMessage(input: DeployReportInput): TatNewMessage {
  const what = input.version ? `${messageText(input.version, 128)} (${input.commit.slice(0, 12)})` : input.commit.slice(0, 12);
  const outcome = { success: 'deployed', failed: 'failed to deploy', rolledBack: 'rolled back' }[input.status];
  const head = `${what} ${outcome} to ${messageText(input.environment, 64)}`;
  const note = input.note ? ` — ${messageText(input.note, 500)}` : '';
  const link = input.url ? ` ${input.url}` : '';
  return {
    text: `${head}${note}${link} ${tags(
      tatTag('commit', input.commit),
      tatTag('env', input.environment),
      tatTag('service', input.service),
      tatTag('version', input.version),
      tatTag('repo', input.repo),
      tatTag('report', input.reportId),
    )}`.trim(),
    labels: [label('deploy'), label(DEPLOY_LABEL[input.status])],
  };
}

export function incidentMessage(input: IncidentReportInput): TatNewMessage {
  const where = input.file ? ` in ${input.file}${input.startLine ? `:${input.startLine}` : ''}` : '';
  const link = input.url ? ` ${input.url}` : '';
  return {
    text: `Incident (${input.severity}): ${messageText(input.summary, 500)}${where}${link} ${tags(
      tatTag('commit', input.commit),
      tatTag('file', input.file && fileWithLines(input.file, input.startLine, input.endLine)),
      tatTag('env', input.environment),
      tatTag('service', input.service),
      tatTag('severity', input.severity),
      tatTag('repo', input.repo),
      tatTag('report', input.reportId),
    )}`.trim(),
    labels: [label('incident'), label(input.severity), label('open')],
  };
}

export function selectionMessage(input: SelectionMessageInput): TatNewMessage {
  return {
    text: `${messageText(input.text, 2000)} ${tags(
      tatTag('file', fileWithLines(input.file, input.startLine, input.endLine)),
      tatTag('lines', input.endLine > input.startLine ? `${input.startLine}-${input.endLine}` : input.startLine),
      tatTag('commit', input.commit),
      tatTag('branch', input.branch),
      tatTag('repo', input.repo),
    )}`.trim(),
    labels: (input.labels ?? []).map(label),
  };
}

function fileWithLines(file: string, start?: number, end?: number): string {
  if (!start) return file;
  return end && end > start ? `${file}:${start}-${end}` : `${file}:${start}`;
}
