import type { SignalHub } from '../../core/hub';
import type { DetailsContributor } from '../../core/details/item';
import type { DetailsAction, DetailsRow, DetailsSection } from '../../core/details/protocol';
import { errorMessage } from '../../core/errorMessage';
import type { Signal } from '../../core/signal';
import { jiraRichTextToMarkdown, type JiraCommentJson } from '../../sources/jira';
import type { JiraConnection } from './connection';

const MAX_COMMENTS = 20;

/**
 * What the details panel adds for a Jira issue: its fields, the description and the last comments
 * read fresh (ADF on Cloud, wiki markup on Data Center, both as escaped Markdown the page sanitises),
 * the pull and merge requests whose branch or title names its key, and the issue's actions.
 */
export function jiraDetailsContributor(connectionOf: (sourceId: string) => JiraConnection | undefined): DetailsContributor {
  return async (signal, hub) => {
    if (signal.kind !== 'workItem') return undefined;
    const connection = connectionOf(signal.source);
    if (!connection) return undefined;
    const d = signal.detail ?? {};
    const key = String(d.key ?? '');
    const rows: DetailsRow[] = [
      { label: 'Issue', value: key, ...(signal.url ? { href: signal.url } : {}) },
      { label: 'Type', value: String(d.type ?? '') },
      { label: 'Status', value: signal.state.native },
    ];
    if (typeof d.priority === 'string') rows.push({ label: 'Priority', value: d.priority });
    rows.push({ label: 'Assignee', value: typeof d.assignee === 'string' ? d.assignee : 'Unassigned' });
    if (typeof d.storyPoints === 'number') rows.push({ label: 'Story points', value: String(d.storyPoints) });
    const sprint = d.sprint as { name?: string; goal?: string | null; endDate?: number | null } | null | undefined;
    if (sprint?.name) rows.push({ label: 'Sprint', value: sprint.name });
    if (sprint?.goal) rows.push({ label: 'Sprint goal', value: sprint.goal });
    if (typeof sprint?.endDate === 'number') rows.push({ label: 'Sprint ends', value: new Date(sprint.endDate).toLocaleDateString() });
    const versions = Array.isArray(d.fixVersions) ? (d.fixVersions as string[]) : [];
    if (versions.length) rows.push({ label: 'Fix versions', value: versions.join(', ') });
    const sections: DetailsSection[] = [{ title: 'Issue', rows }];
    if (connection.hasToken) {
      try {
        const fresh = await connection.api.issue(key, ['description', 'comment']);
        const description = jiraRichTextToMarkdown(fresh.fields?.description);
        sections.push({ title: 'Description', markdown: description || '_No description._' });
        const comments = ((fresh.fields?.comment?.comments ?? []) as JiraCommentJson[]).slice(-MAX_COMMENTS);
        if (comments.length)
          sections.push({
            title: `Comments (${comments.length})`,
            markdown: comments
              .map(
                (c) =>
                  `**${escape(c.author?.displayName ?? c.author?.name ?? 'someone')}** · ${escape(c.created?.slice(0, 10) ?? '')}\n\n${jiraRichTextToMarkdown(c.body)}`,
              )
              .join('\n\n---\n\n'),
          });
      } catch (err) {
        sections.push({ title: 'Description', code: `Could not read it from Jira: ${errorMessage(err)}` });
      }
    }
    const linked = linkedReviews(hub, key);
    const actions: DetailsAction[] = [];
    if (signal.state.normal === 'open') actions.push({ id: 'devops.jira.startWork', title: 'Start Work' });
    actions.push(
      { id: 'devops.jira.transition', title: 'Transition…' },
      { id: 'devops.jira.assignToMe', title: 'Assign to Me' },
      { id: 'devops.jira.addComment', title: 'Add Comment…' },
    );
    return { sections, actions, related: linked };
  };
}

/** Pull and merge requests (any service) whose branch or title names the key. */
function linkedReviews(hub: SignalHub, key: string): Signal[] {
  if (!key) return [];
  const re = new RegExp(`(^|[^A-Za-z0-9])${key}(?![0-9])`, 'i');
  return hub
    .query({ kind: 'pullRequest' })
    .filter((pr) => re.test(pr.title) || re.test(pr.anchors.branch ?? ''))
    .slice(0, 20);
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&');
}
