/**
 * How the Plan view groups Jira issues (pure, on src/core/phaseTree's `ViewLayout`): each board's
 * active sprint (its goal and end date in the header; a JQL list is one group), then status category
 * (To Do / In Progress / Done) or assignee. Each issue reads `PROJ-7 · Bug · High · 3 pts · Ada`, with
 * an icon for its type, and "current branch" when HEAD's branch names its key.
 */
import { nodeUnder, type TreeNode, type ViewLayout } from '../../core/phaseTree';
import type { Signal } from '../../core/signal';
import { categoryName, statusCategoryOf, type StatusCategory } from './mapping';

export interface JiraLayoutContext {
  /** `status` (category) or `assignee`, per site URL. */
  groupBy(siteUrl: string): 'status' | 'assignee';
  /** The branches checked out in the workspace's repositories (HEAD of each). */
  currentBranches(): readonly string[];
  now?(): number;
}

export const UNASSIGNED = 'Unassigned';
const CATEGORY_ORDER: readonly StatusCategory[] = ['indeterminate', 'new', 'done'];
const TYPE_ICONS: Record<string, string> = {
  bug: 'bug',
  story: 'bookmark',
  task: 'tasklist',
  epic: 'zap',
  'sub-task': 'list-tree',
  subtask: 'list-tree',
  improvement: 'arrow-up',
  incident: 'flame',
};

const isJira = (s: Signal) => s.source.startsWith('jira:');

export function jiraPlanLayout(ctx: JiraLayoutContext): ViewLayout {
  return {
    claims: (s) => isJira(s) && s.kind === 'workItem',
    build: (signals, h) => {
      const branches = branchKeys(ctx.currentBranches());
      const byPlan = groupMap(signals, (s) => `${String(s.detail?.site ?? '')}\u0000${String(s.detail?.plan ?? 'Jira')}`);
      return [...byPlan]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([planKey, list]) => {
          const [site, plan] = planKey.split('\u0000');
          const id = `jira/${site}/plan:${plan}`;
          const by = ctx.groupBy(site);
          const groups = groupMap(list, (s) =>
            by === 'assignee' ? (typeof s.detail?.assignee === 'string' ? s.detail.assignee : UNASSIGNED) : categoryOf(s),
          );
          const ordered = [...groups].sort(([a], [b]) =>
            by === 'assignee'
              ? a === UNASSIGNED
                ? 1
                : b === UNASSIGNED
                  ? -1
                  : a.localeCompare(b)
              : CATEGORY_ORDER.indexOf(a as StatusCategory) - CATEGORY_ORDER.indexOf(b as StatusCategory),
          );
          const children: TreeNode[] = ordered.map(([key, members]) => {
            const groupId = `${id}/${by}:${key}`;
            const nodes = ranked(members).map((s) => {
              // nodeUnder gives a fresh node: filled in place rather than copied (the tree is rebuilt on every change).
              const node = nodeUnder(h, groupId, s);
              node.description = issueDescription(s, branches);
              node.icon = typeIcon(s);
              return node;
            });
            const label = by === 'assignee' ? key : categoryName(key as StatusCategory);
            return h.group(groupId, label, by === 'assignee' ? 'assignee' : 'state', nodes, pointsSummary(members));
          });
          const node = h.group(id, plan, 'milestone', children, sprintDescription(list, ctx.now?.() ?? Date.now()));
          const goal = list.map((s) => (s.detail?.sprint as { goal?: string } | null)?.goal).find((g) => g);
          return { ...node, icon: 'rocket', ...(goal ? { tooltip: `Sprint goal: ${goal}` } : {}) };
        });
    },
  };
}

/** `PROJ-7 · Bug · High · 3 pts · Ada · current branch`; `branches` from `branchKeys`. */
export function issueDescription(s: Signal, branches: ReadonlySet<string> = new Set()): string {
  const d = s.detail ?? {};
  const parts = [String(d.key ?? ''), String(d.type ?? '')];
  if (typeof d.priority === 'string') parts.push(d.priority);
  if (typeof d.storyPoints === 'number') parts.push(`${d.storyPoints} pt${d.storyPoints === 1 ? '' : 's'}`);
  if (typeof d.assignee === 'string') parts.push(d.assignee);
  if (categoryOf(s) !== 'done' && s.state.native) parts.push(s.state.native);
  if (branches.has(String(d.key ?? ''))) parts.push('current branch');
  return parts.filter(Boolean).join(' · ');
}

/**
 * The issue keys branch names carry (`PROJ-7-fix-login`, `feature/proj-7` → `PROJ-7`), upper-cased:
 * read once per tree, so each issue costs a set lookup (a regular expression per issue cost 20× the tree).
 */
export function branchKeys(branches: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const b of branches) for (const m of b.matchAll(/(?<![A-Za-z0-9_])([A-Za-z][A-Za-z0-9_]*-\d+)(?!\d)/g)) keys.add(m[1].toUpperCase());
  return keys;
}

/** Whether a branch name carries the key, not a longer one (`PROJ-70`, `XPROJ-7`). */
export function onBranch(key: string, branches: readonly string[]): boolean {
  return branchKeys(branches).has(key.toUpperCase());
}

export function typeIcon(s: Signal): string {
  return TYPE_ICONS[String(s.detail?.type ?? '').toLowerCase()] ?? 'issues';
}

/** The sprint header: `goal · ends Dec 7 (in 5 days) · 3/10 done`. */
function sprintDescription(list: readonly Signal[], now: number): string {
  const sprint = list.map((s) => s.detail?.sprint as { goal?: string | null; endDate?: number | null } | null).find((x) => x);
  const parts: string[] = [];
  if (sprint?.goal) parts.push(sprint.goal);
  if (typeof sprint?.endDate === 'number') {
    const days = Math.ceil((sprint.endDate - now) / 86_400_000);
    const date = new Date(sprint.endDate).toISOString().slice(0, 10);
    parts.push(days >= 0 ? `ends ${date} (${days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`})` : `ended ${date}`);
  }
  parts.push(`${list.filter((s) => categoryOf(s) === 'done').length}/${list.length} done`);
  return parts.join(' · ');
}

function pointsSummary(list: readonly Signal[]): string {
  const points = list.reduce((sum, s) => sum + (typeof s.detail?.storyPoints === 'number' ? s.detail.storyPoints : 0), 0);
  return points ? `${list.length} · ${points} pts` : String(list.length);
}

function categoryOf(s: Signal): StatusCategory {
  return statusCategoryOf(s.detail?.statusCategory);
}

/** Mine first, then by key number (the backlog's order is not in the answer); the sort keys read once per issue. */
function ranked(members: readonly Signal[]): Signal[] {
  return members
    .map((s) => ({ s, mine: s.labels.includes('mine') ? 0 : 1, n: keyNumber(s) }))
    .sort((a, b) => a.mine - b.mine || a.n - b.n || (a.s.id < b.s.id ? -1 : a.s.id > b.s.id ? 1 : 0))
    .map((x) => x.s);
}

function keyNumber(s: Signal): number {
  const key = String(s.detail?.key ?? '');
  return Number(key.slice(key.lastIndexOf('-') + 1)) || 0;
}

function groupMap<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    let list = map.get(k);
    if (!list) map.set(k, (list = []));
    list.push(item);
  }
  return map;
}
