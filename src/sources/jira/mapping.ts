/**
 * Jira issues as `workItem` signals: key, summary, type, priority, assignee, story points (the
 * board's estimation field), status and its category, and the sprint they were read in (goal, end).
 * Remote strings are bounded and kept as text; views make them plain where they render.
 */
import { signalId, tag, type NormalState, type Signal } from '../../core/signal';
import type { JiraSite } from './site';
import type { JiraIssueJson, JiraSprintJson, JiraUserJson } from './types';

export const MAX_SUMMARY_CHARS = 300;
const MAX_NAME_CHARS = 100;

/** The fields every list asks for (plus the board's estimation field). */
export const ISSUE_FIELDS = ['summary', 'issuetype', 'priority', 'status', 'assignee', 'updated', 'created', 'fixVersions'] as const;

/** Jira's three status categories (`statusCategory.key`). */
export type StatusCategory = 'new' | 'indeterminate' | 'done';

export interface SprintContext {
  id: number;
  name: string;
  goal?: string;
  endDate?: number;
  board: string;
}

export interface JiraMappingContext {
  sourceId: string;
  site: JiraSite;
  /** The board's estimation field id (`customfield_10016`), when it estimates by a field. */
  estimationField?: string;
  /** The sprint the issue was listed in; absent for a JQL list. */
  sprint?: SprintContext;
  /** The group a JQL list's issues show under. */
  group?: string;
  me?: JiraUserJson;
}

export function jiraSourceId(site: Pick<JiraSite, 'identity'>): string {
  return `jira:${site.identity}`;
}

export function issueUrl(site: Pick<JiraSite, 'url'>, key: string): string {
  return `${site.url}/browse/${encodeURIComponent(key)}`;
}

/** `PROJ-7` keys: a project key (a letter, then letters, digits or `_`), a dash and a number. */
export const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,19}-\d{1,9}$/;

export function mapIssue(issue: JiraIssueJson, ctx: JiraMappingContext): Signal | undefined {
  const key = typeof issue.key === 'string' ? issue.key.toUpperCase() : '';
  if (!ISSUE_KEY.test(key)) return undefined;
  const f = issue.fields ?? {};
  const category = statusCategoryOf(f.status?.statusCategory?.key);
  const status = text(f.status?.name, MAX_NAME_CHARS) ?? categoryName(category);
  const type = text(f.issuetype?.name, MAX_NAME_CHARS) ?? 'Issue';
  const priority = text(f.priority?.name, MAX_NAME_CHARS);
  const assignee = f.assignee ? (text(f.assignee.displayName, MAX_NAME_CHARS) ?? text(f.assignee.name, MAX_NAME_CHARS)) : undefined;
  const points = ctx.estimationField ? f[ctx.estimationField] : undefined;
  const storyPoints = typeof points === 'number' && Number.isFinite(points) ? points : null;
  const fixVersions = (Array.isArray(f.fixVersions) ? f.fixVersions : [])
    .map((v) => text(v?.name, MAX_NAME_CHARS))
    .filter((v): v is string => !!v);
  const project = key.slice(0, key.lastIndexOf('-'));
  const mine =
    !!ctx.me &&
    !!f.assignee &&
    (ctx.me.accountId ? f.assignee.accountId === ctx.me.accountId : !!ctx.me.name && f.assignee.name === ctx.me.name);
  const normal: NormalState = category === 'done' ? 'closed' : 'open';
  const tags = [tag('issuekey', key), tag('project', project), tag('type', type), tag('status', status)];
  if (priority) tags.push(tag('priority', priority));
  if (assignee) tags.push(tag('assignee', assignee));
  if (ctx.sprint) tags.push(tag('sprint', ctx.sprint.name));
  for (const v of fixVersions) tags.push(tag('fixversion', v));
  const labels: string[] = [normal, category];
  if (mine) labels.push('mine');
  if (ctx.sprint) labels.push('sprint');
  const updated = epoch(f.updated);
  const created = epoch(f.created);
  return {
    id: signalId(ctx.sourceId, 'workItem', key),
    source: ctx.sourceId,
    kind: 'workItem',
    title: text(f.summary, MAX_SUMMARY_CHARS) ?? key,
    state: { normal, native: status },
    url: issueUrl(ctx.site, key),
    createdAt: created || updated,
    updatedAt: updated || created,
    labels,
    tags,
    anchors: {},
    detail: {
      key,
      reference: key,
      project,
      type,
      priority: priority ?? null,
      assignee: assignee ?? null,
      storyPoints,
      status,
      statusCategory: category,
      fixVersions,
      site: ctx.site.url,
      sprint: ctx.sprint
        ? {
            id: ctx.sprint.id,
            name: ctx.sprint.name,
            goal: ctx.sprint.goal ?? null,
            endDate: ctx.sprint.endDate ?? null,
            board: ctx.sprint.board,
          }
        : null,
      /** The Plan view's top group: the board's sprint, or the JQL list. */
      plan: ctx.sprint ? `${ctx.sprint.board} · ${ctx.sprint.name}` : (ctx.group ?? 'JQL'),
    },
  };
}

export function sprintContext(sprint: JiraSprintJson, board: string): SprintContext {
  const end = sprint.endDate ? Date.parse(sprint.endDate) : NaN;
  return {
    id: sprint.id,
    name: text(sprint.name, MAX_NAME_CHARS) ?? `Sprint ${sprint.id}`,
    ...(text(sprint.goal, 300) ? { goal: text(sprint.goal, 300) } : {}),
    ...(Number.isFinite(end) ? { endDate: end } : {}),
    board: text(board, MAX_NAME_CHARS) ?? 'Board',
  };
}

export function statusCategoryOf(key: unknown): StatusCategory {
  return key === 'done' ? 'done' : key === 'indeterminate' ? 'indeterminate' : 'new';
}

export function categoryName(category: StatusCategory): string {
  return category === 'done' ? 'Done' : category === 'indeterminate' ? 'In Progress' : 'To Do';
}

const CONTROLS = /[\u0000-\u001f\u007f]/;

function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const flat = (CONTROLS.test(value) ? value.replace(/[\u0000-\u001f\u007f]+/g, ' ') : value).trim();
  return flat ? (flat.length > max ? `${flat.slice(0, max - 1)}…` : flat) : undefined;
}

function epoch(value: unknown): number {
  const t = typeof value === 'string' ? Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
  return Number.isFinite(t) ? t : 0;
}
