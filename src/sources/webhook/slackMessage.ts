/**
 * Deploy and incident reports as a Slack incoming-webhook message (pure): a one-line `text` (what
 * notifications show) and one attachment with fields (commit, environment, outcome or severity,
 * version, file) and a link back. Mattermost and other chat tools accept the same format. Typed with
 * Slack's own `@slack/types`; user text is escaped as Slack asks (`&`, `<`, `>`), so a summary
 * cannot ping `<!channel>` or forge a link.
 */
import type { MessageAttachment } from '@slack/types';

export interface WebhookPayload {
  text: string;
  attachments: MessageAttachment[];
}

export interface DeployFields {
  commit: string;
  environment: string;
  status: 'success' | 'failed' | 'rolledBack';
  version?: string;
  url?: string;
  note?: string;
  repo?: string;
}

export interface IncidentFields {
  commit: string;
  severity: 'critical' | 'major' | 'minor';
  summary: string;
  file?: string;
  startLine?: number;
  url?: string;
  repo?: string;
}

/** Slack's escaping of `&`, `<`, `>` in message text (its "Formatting text" rules); one line, bounded. */
export function slackText(text: string, max = 500): string {
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  const cut = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return cut.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const DEPLOY_COLOR = { success: 'good', failed: 'danger', rolledBack: 'warning' } as const;
const SEVERITY_COLOR = { critical: 'danger', major: 'warning', minor: '#439fe0' } as const;

export function deployPayload(input: DeployFields): WebhookPayload {
  const outcome = { success: 'deployed', failed: 'failed to deploy', rolledBack: 'rolled back' }[input.status];
  const what = input.version ? slackText(input.version, 128) : input.commit.slice(0, 12);
  const text = `${what} ${outcome} to ${slackText(input.environment, 64)}`;
  const fields = [
    { title: 'Environment', value: slackText(input.environment, 64), short: true },
    { title: 'Outcome', value: input.status, short: true },
    { title: 'Commit', value: input.commit.slice(0, 12), short: true },
    ...(input.version ? [{ title: 'Version', value: slackText(input.version, 128), short: true }] : []),
    ...(input.repo ? [{ title: 'Repository', value: slackText(input.repo, 200), short: false }] : []),
  ];
  return {
    text,
    attachments: [
      {
        fallback: text,
        color: DEPLOY_COLOR[input.status],
        title: text,
        ...(input.url ? { title_link: input.url } : {}),
        ...(input.note ? { text: slackText(input.note, 1000) } : {}),
        fields,
      },
    ],
  };
}

export function incidentPayload(input: IncidentFields): WebhookPayload {
  const text = `Incident (${input.severity}): ${slackText(input.summary)}`;
  const fields = [
    { title: 'Severity', value: input.severity, short: true },
    { title: 'Commit', value: input.commit.slice(0, 12), short: true },
    ...(input.file
      ? [{ title: 'File', value: slackText(`${input.file}${input.startLine ? `:${input.startLine}` : ''}`, 300), short: false }]
      : []),
    ...(input.repo ? [{ title: 'Repository', value: slackText(input.repo, 200), short: false }] : []),
  ];
  return {
    text,
    attachments: [
      { fallback: text, color: SEVERITY_COLOR[input.severity], title: text, ...(input.url ? { title_link: input.url } : {}), fields },
    ],
  };
}
