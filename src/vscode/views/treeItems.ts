import { postedToText } from '../../core/postedTo';
import * as vscode from 'vscode';
import { oneLine, relativeTime, shortSha } from '../../core/format';
import { GroupNode, HealthNode, SignalNode, TreeNode } from '../../core/phaseTree';
import { REVIEW_THREADS_GROUP } from '../../core/reviewThread';
import { NormalState, Signal, SignalKind } from '../../core/signal';

/** Codicon and theme colour for each normalised state (colours are theme tokens, never literals). */
const STATE_ICONS: Record<NormalState, [string, string?]> = {
  open: ['circle-large-outline', 'charts.green'],
  draft: ['circle-large-outline', 'disabledForeground'],
  closed: ['circle-slash', 'disabledForeground'],
  merged: ['git-merge', 'charts.purple'],
  queued: ['clock', 'charts.yellow'],
  running: ['sync~spin', 'charts.yellow'],
  success: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  cancelled: ['circle-slash', 'disabledForeground'],
  skipped: ['debug-step-over', 'disabledForeground'],
  firing: ['flame', 'errorForeground'],
  silenced: ['bell-slash', 'disabledForeground'],
  inhibited: ['bell-slash', 'disabledForeground'],
  resolved: ['pass', 'testing.iconPassed'],
  rolledBack: ['discard', 'charts.orange'],
  unknown: ['circle-outline'],
};

const KIND_ICONS: Partial<Record<SignalKind, string>> = {
  release: 'tag',
  message: 'git-commit',
  workItem: 'issues',
  pullRequest: 'git-pull-request',
  onCall: 'person',
};

const GROUP_ICONS: Record<string, string> = {
  environment: 'server-environment',
  severity: 'warning',
  branch: 'git-branch',
  milestone: 'milestone',
  state: 'list-tree',
  releases: 'tag',
  instance: 'server',
  service: 'symbol-method',
  project: 'project',
  reviewThreads: 'comment-discussion',
};

export function signalIcon(signal: Signal): vscode.ThemeIcon {
  const kindIcon = KIND_ICONS[signal.kind];
  // Releases and commits have no meaningful state colour; everything else shows its state.
  if (kindIcon && (signal.kind === 'release' || signal.kind === 'message' || signal.kind === 'onCall')) {
    return new vscode.ThemeIcon(kindIcon);
  }
  const [id, color] = STATE_ICONS[signal.state.normal] ?? STATE_ICONS.unknown;
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/**
 * `signal.<family>.<kind>.<state>[.url]`, the family being the service's (`git`, ...): menus
 * match on it (`viewItem =~ /^signal\.<family>\.pullRequest\.open/`), so one service's action is never
 * offered on another's item.
 */
export function signalContextValue(signal: Signal): string {
  const colon = signal.source.indexOf(':');
  const family = colon < 0 ? signal.source : signal.source.slice(0, colon);
  return `signal.${family}.${signal.kind}.${signal.state.normal}${signal.url ? '.url' : ''}`;
}

export function toTreeItem(node: TreeNode): vscode.TreeItem {
  switch (node.type) {
    case 'group':
      return groupItem(node);
    case 'signal':
      return signalItem(node);
    case 'health':
      return healthItem(node);
  }
}

function groupItem(node: GroupNode): vscode.TreeItem {
  const item = new vscode.TreeItem(oneLine(node.label, 80), vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.id;
  item.description = node.description ? oneLine(node.description, 80) : undefined;
  item.iconPath = new vscode.ThemeIcon(node.icon ?? GROUP_ICONS[node.groupBy] ?? 'folder');
  if (node.tooltip) item.tooltip = node.tooltip;
  item.contextValue = `group.${node.groupBy}`;
  if (node.groupBy === REVIEW_THREADS_GROUP && node.signalId) {
    // "Review threads: N unresolved" under a pull request: a row that opens them (reviewThreadsController).
    item.collapsibleState = vscode.TreeItemCollapsibleState.None;
    item.command = { command: 'devops.reviewThreads.show', title: 'Show Review Threads', arguments: [node.signalId] };
  }
  return item;
}

function signalItem(node: SignalNode): vscode.TreeItem {
  const s = node.signal;
  const collapsible = node.children.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(oneLine(s.title), collapsible);
  item.id = node.id;
  const when =
    node.description !== undefined ? `${oneLine(node.description, 80)} · ${relativeTime(s.updatedAt)}` : relativeTime(s.updatedAt);
  item.description = node.stale ? `${when} · stale` : when;
  item.iconPath = node.icon ? new vscode.ThemeIcon(node.icon, signalIcon(s).color) : signalIcon(s);
  item.tooltip = signalTooltip(s, node.stale);
  item.contextValue = signalContextValue(s);
  item.command = { command: 'devops.showDetails', title: 'Show Details', arguments: [s.id] };
  return item;
}

function healthItem(node: HealthNode): vscode.TreeItem {
  const h = node.health;
  const item = new vscode.TreeItem(oneLine(`${h.source}: ${h.message ?? h.status}`), vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  item.description = h.lastSuccessAt ? `last success ${relativeTime(h.lastSuccessAt)}` : 'never succeeded';
  item.tooltip = `${h.source}\n${h.message ?? ''}\nShown data is the last that was received.`;
  item.contextValue = 'health.error';
  item.command = { command: 'devops.showLog', title: 'Show Log' };
  return item;
}

/** Untrusted markdown: remote strings are escaped, and no command links are enabled. */
export function signalTooltip(s: Signal, stale: boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown(`$(${signalIcon(s).id}) `);
  md.appendText(`${s.title}\n`);
  md.appendMarkdown('\n\n');
  md.appendText(`${s.kind} · ${s.state.native}${stale ? ' · stale (source unreachable)' : ''}`);
  if (s.author) md.appendText(` · ${s.author}`);
  md.appendText(` · ${new Date(s.updatedAt).toLocaleString()}`);
  const anchors: string[] = [];
  if (s.anchors.environment) anchors.push(`env ${s.anchors.environment}`);
  if (s.anchors.branch) anchors.push(`branch ${s.anchors.branch}`);
  if (s.anchors.commits?.length) anchors.push(`commit ${s.anchors.commits.map(shortSha).join(', ')}`);
  if (anchors.length) {
    md.appendMarkdown('\n\n');
    md.appendText(anchors.join(' · '));
  }
  if (s.tags.length) {
    md.appendMarkdown('\n\n');
    md.appendText(s.tags.slice(0, 12).join('  '));
  }
  const also = postedToText(s);
  if (also) {
    md.appendMarkdown('\n\n$(broadcast) ');
    md.appendText(also);
  }
  return md;
}
