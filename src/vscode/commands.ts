import * as vscode from 'vscode';
import { SignalHub } from '../core/hub';
import { Refresher } from '../core/refresher';
import { TreeNode } from '../core/phaseTree';
import { Signal } from '../core/signal';
import { DetailsContributor, buildDetailsItem } from '../core/details/item';
import { SourceRegistry } from './sourceRegistry';
import { PhaseTreeProvider } from './views/phaseTreeProvider';
import { DetailsHandlers, DetailsPanel } from './webview/detailsPanel';
import { notify } from './notify';
import { registerGuardedCommand } from './guardedCommand';
import { windowPrompter } from './prompter';

export interface CommandDeps {
  extensionUri: vscode.Uri;
  hub: SignalHub;
  registry: SourceRegistry;
  refresher: Refresher;
  timeline: PhaseTreeProvider;
  log: vscode.LogOutputChannel;
  details: { contributors: DetailsContributor[]; handlers: DetailsHandlers };
}

/** Tree rows pass their node, CodeLens and status bar pass a signal id; both resolve here. */
export function resolveSignal(hub: SignalHub, arg: unknown): Signal | undefined {
  if (typeof arg === 'string') return hub.get(arg);
  const node = arg as TreeNode | undefined;
  if (node?.type === 'signal') return hub.get(node.signal.id) ?? node.signal;
  if (node?.type === 'group' && node.signalId) return hub.get(node.signalId);
  return undefined;
}

export async function showDetails(deps: CommandDeps, signal: Signal): Promise<DetailsPanel> {
  const item = await buildDetailsItem(signal, deps.hub, deps.details.contributors);
  return DetailsPanel.show(deps.extensionUri, item, deps.details.handlers, deps.log);
}

/** Refreshes every source with progress; failures are reported per source and never thrown. */
export async function refreshAll(deps: CommandDeps): Promise<void> {
  const sources = deps.registry.all();
  if (sources.length === 0) {
    deps.log.info('Refresh: no source is configured for this workspace');
    return;
  }
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'DevOps: refreshing' }, async () => {
    const controller = new AbortController();
    const outcomes = await deps.refresher.refreshAll(sources, controller.signal);
    const failed = outcomes.filter((o) => !o.ok);
    if (failed.length > 0) {
      const first = failed[0];
      void notify(
        'warning',
        `DevOps: ${failed.length} of ${outcomes.length} sources could not refresh (${first.source}: ${first.error}).`,
        'Show Log',
      ).then((choice) => choice && deps.log.show());
    }
  });
}

export function registerCoreCommands(deps: CommandDeps): vscode.Disposable[] {
  const { hub, log } = deps;
  return [
    registerGuardedCommand('devops.refresh', () => refreshAll(deps), log),
    registerGuardedCommand('devops.showLog', () => log.show(), log),
    registerGuardedCommand(
      'devops.showDetails',
      async (arg: unknown) => {
        const signal = resolveSignal(hub, arg);
        if (!signal) {
          void notify('info', 'DevOps: this item is no longer available; refresh the view.');
          return;
        }
        await showDetails(deps, signal);
      },
      log,
    ),
    registerGuardedCommand(
      'devops.openInBrowser',
      async (arg: unknown) => {
        const signal = resolveSignal(hub, arg);
        const url = signal?.url && safeWebUrl(signal.url);
        if (!url) {
          void notify('info', 'DevOps: this item has no web page.');
          return;
        }
        await vscode.env.openExternal(url);
      },
      log,
    ),
    registerGuardedCommand('devops.filterTimeline', () => pickTimelineFilter(hub, deps.timeline), log),
    registerGuardedCommand('devops.clearTimelineFilter', () => deps.timeline.setFilter([]), log),
  ];
}

/** Only http(s) links leave the editor; anything else a service sends is ignored. */
export function safeWebUrl(raw: string): vscode.Uri | undefined {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? vscode.Uri.parse(url.href, true) : undefined;
  } catch {
    return undefined;
  }
}

/** Tat-style filter: pick tags and labels; the Timeline keeps signals that carry all of them. */
async function pickTimelineFilter(hub: SignalHub, timeline: PhaseTreeProvider): Promise<void> {
  const counts = new Map<string, number>();
  for (const s of hub.all()) {
    for (const t of [...s.tags, ...s.labels]) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const current = new Set(timeline.getFilter());
  const items = [...counts.entries()]
    .sort(([a, na], [b, nb]) => nb - na || a.localeCompare(b))
    .slice(0, 1000)
    .map(([value, n]) => ({ label: value, description: `${n}`, picked: current.has(value), value }));
  const picked = await windowPrompter.pickMany(items, {
    title: 'Filter Timeline by tags and labels',
    placeHolder: 'Signals must carry every picked tag or label (e.g. env:production, failed)',
    matchOnDescription: false,
  });
  if (picked) timeline.setFilter(picked.map((p) => p.value));
}
