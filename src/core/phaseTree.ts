import { postedToText } from './postedTo';
import { groupBy } from './groupBy';
import { SourceHealth } from './hub';
import { NormalState, Phase, Signal, tagValue } from './signal';

/**
 * The trees of the phase views as plain data (views are filters over signals).
 * The VS Code layer only turns these nodes into TreeItems, so this is where grouping lives
 * and where the bench measures it.
 */
export type TreeNode = GroupNode | SignalNode | HealthNode;

export interface GroupNode {
  type: 'group';
  id: string;
  label: string;
  description?: string;
  /** What the group is by, so the UI can choose an icon: `environment`, `severity`, `branch`, ... */
  groupBy: string;
  /** A codicon that overrides the one of `groupBy` (a service's own, for its root groups). */
  icon?: string;
  /** Signal behind the group when the group is itself an item (an environment's latest deploy). */
  signalId?: string;
  /** Plain-text hover, e.g. which repository a section is for and the service's remaining quota. */
  tooltip?: string;
  children: TreeNode[];
}

export interface SignalNode {
  type: 'signal';
  id: string;
  signal: Signal;
  /** True when the signal's source could not refresh and this is last known data. */
  stale: boolean;
  /** What a layout says next to the title instead of the age (e.g. a PR's review and checks state). */
  description?: string;
  /** A codicon a layout chose (an issue's type), coloured by the signal's state; default: the state's icon. */
  icon?: string;
  children: TreeNode[];
}

/** A row telling that a source is failing or stale, with the reason. */
export interface HealthNode {
  type: 'health';
  id: string;
  health: SourceHealth;
}

export type ViewId = Phase | 'timeline';

export interface TreeInput {
  signals: readonly Signal[];
  /** Health of the sources that feed this view. */
  health: readonly SourceHealth[];
  /** Timeline only: show signals carrying every one of these tags or labels. */
  filter?: readonly string[];
  /** Timeline only: most recent N. */
  limit?: number;
}

const SEVERITY_ORDER = ['critical', 'error', 'major', 'high', 'warning', 'minor', 'medium', 'info', 'low'];
const TIMELINE_DEFAULT_LIMIT = 500;

/**
 * A source family's own grouping for a view (e.g. a forge's "Waiting for my review" sections).
 * It receives the signals it claims and the shared helpers; unclaimed signals get the default tree.
 */
export interface ViewLayout {
  claims(signal: Signal): boolean;
  build(signals: readonly Signal[], helpers: LayoutHelpers): TreeNode[];
}

export interface LayoutHelpers {
  /** The signal's node with its children (jobs of a run...) and stale marker. */
  node(signal: Signal): SignalNode;
  group(id: string, label: string, groupBy: string, children: TreeNode[], description?: string): GroupNode;
}

/** The default tree for signals no layout claims, plus each layout's nodes, under the health rows. */
export function buildView(view: ViewId, input: TreeInput, layouts: readonly ViewLayout[] = []): TreeNode[] {
  if (layouts.length === 0 || view === 'timeline') {
    return buildTree(view, input);
  }
  const claimed = layouts.map(() => [] as Signal[]);
  const rest: Signal[] = [];
  for (const s of input.signals) {
    const i = layouts.findIndex((l) => l.claims(s));
    (i < 0 ? rest : claimed[i]).push(s);
  }
  const base = buildTree(view, { ...input, signals: rest });
  const health = base.filter((n) => n.type === 'health');
  const body = base.filter((n) => n.type !== 'health');
  const node = nodeMaker(input.signals, input.health);
  const group = (id: string, label: string, groupBy: string, children: TreeNode[], description?: string): GroupNode => ({
    type: 'group',
    id,
    label,
    groupBy,
    children,
    ...(description !== undefined ? { description } : {}),
  });
  const extra = layouts.flatMap((l, i) => (claimed[i].length ? l.build(claimed[i], { node, group }) : []));
  return [...health, ...extra, ...body];
}

/** Makes a signal's node: its children (jobs of a run...) nested, stale when its source is failing. */
function nodeMaker(signals: readonly Signal[], health: readonly SourceHealth[]): (s: Signal) => SignalNode {
  const failing = new Set(health.filter((h) => h.status !== 'ok').map((h) => h.source));
  const childrenOf = indexChildren(signals);
  const node = (s: Signal): SignalNode => ({
    type: 'signal',
    id: s.id,
    signal: s,
    stale: failing.has(s.source),
    children: (childrenOf.get(s.id) ?? []).sort(byCreatedAsc).map(node),
  });
  return node;
}

export function buildTree(view: ViewId, input: TreeInput): TreeNode[] {
  const healthRows: TreeNode[] = input.health
    .filter((h) => h.status === 'error')
    .map((h) => ({ type: 'health', id: `health:${h.source}`, health: h }));
  const leaf = nodeMaker(input.signals, input.health);
  // A child is shown under its parent only when the parent is in this view too.
  const ids = new Set(input.signals.map((s) => s.id));
  const roots = input.signals.filter((s) => s.parentId === undefined || !ids.has(s.parentId));
  let body: TreeNode[];
  switch (view) {
    case 'plan':
      body = groupNodes(roots, (s) => tagValue(s, 'milestone') ?? 'No milestone', 'milestone', leaf, byUpdatedDesc);
      break;
    case 'code':
      body = groupNodes(roots, (s) => codeGroup(s.state.normal), 'state', leaf, byUpdatedDesc);
      break;
    case 'build':
      body = groupNodes(roots, (s) => s.anchors.branch ?? tagValue(s, 'branch') ?? 'Other', 'branch', leaf, byCreatedDesc);
      break;
    case 'deploy':
      body = deployTree(roots, leaf);
      break;
    case 'monitor':
      body = groupNodes(roots, severityOf, 'severity', leaf, byUpdatedDesc, bySeverity);
      break;
    case 'timeline':
      body = timeline(input, leaf);
      break;
  }
  return [...healthRows, ...body];
}

/** Environment → its latest deployment (the group is that deployment) → the earlier ones; releases last. */
function deployTree(signals: readonly Signal[], leaf: (s: Signal) => SignalNode): TreeNode[] {
  const deployments = signals.filter((s) => s.kind === 'deployment');
  const releases = signals.filter((s) => s.kind === 'release').sort(byCreatedDesc);
  const byEnv = new Map<string, Signal[]>();
  for (const d of deployments) {
    const env = d.anchors.environment ?? tagValue(d, 'env') ?? 'unknown';
    let list = byEnv.get(env);
    if (!list) byEnv.set(env, (list = []));
    list.push(d);
  }
  const nodes: TreeNode[] = [...byEnv.entries()]
    .sort(([a], [b]) => environmentRank(a) - environmentRank(b) || a.localeCompare(b))
    .map(([env, list]) => {
      list.sort(byCreatedDesc);
      const latest = list[0];
      return {
        type: 'group',
        id: `env:${env}`,
        label: env,
        description: `${latest.title} · ${latest.state.normal}`,
        groupBy: 'environment',
        signalId: latest.id,
        children: list.map(leaf),
      };
    });
  if (releases.length > 0) {
    nodes.push({
      type: 'group',
      id: 'releases',
      label: 'Releases',
      description: String(releases.length),
      groupBy: 'releases',
      children: releases.map(leaf),
    });
  }
  return nodes;
}

function timeline(input: TreeInput, leaf: (s: Signal) => SignalNode): TreeNode[] {
  const filter = input.filter ?? [];
  const shown =
    filter.length === 0 ? [...input.signals] : input.signals.filter((s) => filter.every((f) => s.tags.includes(f) || s.labels.includes(f)));
  shown.sort(byUpdatedDesc);
  return shown.slice(0, input.limit ?? TIMELINE_DEFAULT_LIMIT).map((s) => {
    const also = postedToText(s);
    return { ...leaf(s), id: `timeline:${s.id}`, children: [], ...(also ? { description: also } : {}) };
  });
}

function groupNodes(
  signals: readonly Signal[],
  key: (s: Signal) => string,
  groupName: string,
  leaf: (s: Signal) => SignalNode,
  order: (a: Signal, b: Signal) => number,
  groupOrder: (a: string, b: string) => number = (a, b) => a.localeCompare(b),
): TreeNode[] {
  return [...groupBy(signals, key).entries()]
    .sort(([a], [b]) => groupOrder(a, b))
    .map(([k, list]) => ({
      type: 'group',
      id: `${groupName}:${k}`,
      label: k,
      description: String(list.length),
      groupBy: groupName,
      children: list.sort(order).map(leaf),
    }));
}

function indexChildren(signals: readonly Signal[]): Map<string, Signal[]> {
  const map = new Map<string, Signal[]>();
  for (const s of signals) {
    if (s.parentId !== undefined) {
      let list = map.get(s.parentId);
      if (!list) map.set(s.parentId, (list = []));
      list.push(s);
    }
  }
  return map;
}

function codeGroup(state: NormalState): string {
  switch (state) {
    case 'draft':
      return 'Draft';
    case 'open':
      return 'Open';
    case 'merged':
      return 'Merged';
    case 'closed':
      return 'Closed';
    default:
      return 'Other';
  }
}

export function severityOf(s: Signal): string {
  const fromTag = tagValue(s, 'severity') ?? tagValue(s, 'level');
  if (fromTag) return fromTag.toLowerCase();
  const fromLabel = s.labels.find((l) => SEVERITY_ORDER.includes(l.toLowerCase()));
  return fromLabel ? fromLabel.toLowerCase() : 'other';
}

function bySeverity(a: string, b: string): number {
  const rank = (x: string) => {
    const i = SEVERITY_ORDER.indexOf(x);
    return i < 0 ? SEVERITY_ORDER.length : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** Production first, then the usual promotion order, then the rest alphabetically. */
function environmentRank(env: string): number {
  const known = ['production', 'prod', 'staging', 'stage', 'preprod', 'qa', 'test', 'dev', 'development'];
  const i = known.indexOf(env.toLowerCase());
  return i < 0 ? known.length : i;
}

const byUpdatedDesc = (a: Signal, b: Signal) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id);
const byCreatedDesc = (a: Signal, b: Signal) => b.createdAt - a.createdAt || a.id.localeCompare(b.id);
const byCreatedAsc = (a: Signal, b: Signal) => a.createdAt - b.createdAt || a.id.localeCompare(b.id);

/** A source's group when the source is failing: it keeps its rows (stale) and says why in the description and hover. */
export function withHealth(group: GroupNode, health: SourceHealth | undefined): GroupNode {
  if (!health || health.status === 'ok') {
    return group;
  }
  const why = health.status === 'error' ? 'unreachable' : 'not refreshed yet';
  return {
    ...group,
    description: `${group.description ?? ''} · ${why}, showing last data`.replace(/^ · /, ''),
    tooltip: `${health.message ?? why}${health.lastSuccessAt ? `\nLast success: ${new Date(health.lastSuccessAt).toLocaleString()}` : ''}`,
  };
}

/** What a source family's layout reads besides its signals: health and label of a source, the clock. */
export interface SourceLayoutOptions {
  /** Health of a source (the Refresher records it), to mark failing instances. */
  health(source: string): SourceHealth | undefined;
  /** Human name of a source, e.g. `<Service> · prod`; default the id. */
  label(source: string): string | undefined;
  now(): number;
}

/** A service's repositories in one view: the signals of each, and how to name and describe it. */
export interface RepositorySections {
  /** Which repository a signal belongs to (its key). */
  keyOf(signal: Signal): string;
  /** The group's label, and the plain-text hover of the sections (the repository, its remaining quota). */
  label(key: string): string;
  tooltip(key: string): string;
}

/**
 * One group per repository when a service feeds a view from several, else that repository's nodes
 * directly, each given the repository's hover: the shape of every forge's Plan, Code and Build.
 */
export function perRepository(
  prefix: string,
  signals: readonly Signal[],
  h: LayoutHelpers,
  repositories: RepositorySections,
  build: (prefix: string, items: Signal[], key: string) => TreeNode[],
): TreeNode[] {
  const byRepository = groupBy(signals, (s) => repositories.keyOf(s));
  const out: TreeNode[] = [];
  for (const [key, items] of [...byRepository].sort(([a], [b]) => a.localeCompare(b))) {
    const id = `${prefix}/${key}`;
    const nodes = build(id, items, key);
    const tooltip = repositories.tooltip(key);
    if (byRepository.size === 1) {
      out.push(...nodes.map((n) => (n.type === 'group' ? { ...n, tooltip: n.tooltip ?? tooltip } : n)));
    } else {
      out.push({ ...h.group(id, repositories.label(key), 'repository', nodes), tooltip });
    }
  }
  return out;
}

/** The branches a repository's runs are sectioned by: HEAD's, then the default one. */
export interface BranchSections {
  current?: string;
  main?: string;
}

/**
 * Runs (newest first as given) in sections: HEAD's branch, the default branch, then the others; a
 * run is in one section only and empty sections are left out. The shape of every CI's Build view.
 */
export function runsByBranch(
  prefix: string,
  runs: readonly Signal[],
  branches: BranchSections,
  h: LayoutHelpers,
  nodeOf: (run: Signal) => SignalNode,
): GroupNode[] {
  const { current, main } = branches;
  const taken = new Set<Signal>();
  const sections: GroupNode[] = [];
  const take = (key: string, label: string, keep: (run: Signal) => boolean) => {
    const list = runs.filter((r) => !taken.has(r) && keep(r));
    list.forEach((r) => taken.add(r));
    if (list.length > 0) sections.push(h.group(`${prefix}/${key}`, label, 'branch', list.map(nodeOf), String(list.length)));
  };
  if (current) take('current', `Current branch: ${current}`, (r) => r.anchors.branch === current);
  if (main && main !== current) take('default', `Default branch: ${main}`, (r) => r.anchors.branch === main);
  take('other', 'Other branches', () => true);
  return sections;
}

/** A signal's node with its id (and its children's) made unique under `parent`: one item may be in several sections. */
export function nodeUnder(h: LayoutHelpers, parent: string, s: Signal): SignalNode {
  const rename = (n: SignalNode): SignalNode => ({
    ...n,
    id: `${parent}/${n.id}`,
    children: n.children.map((c) => (c.type === 'signal' ? rename(c) : c)),
  });
  return rename(h.node(s));
}
