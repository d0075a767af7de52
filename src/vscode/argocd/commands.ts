import * as vscode from 'vscode';
import { oneLine, relativeTime, shortSha } from '../../core/format';
import type { SignalHub } from '../../core/hub';
import type { Signal } from '../../core/signal';
import { historyIdOf, type ArgoCdSource, type MatchedApp } from '../../sources/argocd';
import { resolveSignal } from '../commands';
import { CommandCancelled } from '../guardedCommand';
import { notify } from '../notify';
import { confirmModal, type Prompter } from '../prompter';
import type { ServiceHost } from '../serviceHost';
import type { ArgoCdCredentials } from './credentials';

export interface ArgoCdCommandDeps {
  hub: SignalHub;
  credentials: ArgoCdCredentials;
  prompter: () => Prompter;
  chooseSignal: ServiceHost['chooseSignal'];
  /** The instances of the settings (origin and key), with or without a token. */
  instances(): { key: string; origin: string; baseUrl: string }[];
  sourceOf(sourceId: string): ArgoCdSource | undefined;
  reconnect(): Promise<void>;
  refreshNow(sourceId: string): Promise<void>;
}

interface Target {
  source: ArgoCdSource;
  matched: MatchedApp;
  /** The signal the command was run on (the app's, or a history entry's). */
  signal: Signal;
  name: string;
}

/** The Argo CD commands; every failure is shown and logged by the guarded wrapper. */
export function argocdCommands(deps: ArgoCdCommandDeps): Record<string, (arg?: unknown) => unknown> {
  return {
    'devops.argocd.setToken': () => setToken(deps),
    'devops.argocd.sync': (arg) => sync(deps, arg),
    'devops.argocd.refresh': (arg) => refresh(deps, arg),
    'devops.argocd.rollback': (arg) => rollback(deps, arg),
    'devops.argocd.open': (arg) => open(deps, arg),
  };
}

async function setToken(deps: ArgoCdCommandDeps) {
  const instances = deps.instances();
  if (instances.length === 0) {
    void notify('warning', 'DevOps: add your Argo CD server to devops.argocd.instances (user settings) first.');
    return undefined;
  }
  const ask = deps.prompter();
  const instance =
    instances.length === 1
      ? instances[0]
      : (
          await ask.pick(
            instances.map((i) => ({ label: i.key, description: i.origin, instance: i })),
            { title: 'Set Argo CD Token: which Argo CD', placeHolder: 'The token is sent to this server only' },
          )
        )?.instance;
  if (!instance) return undefined;
  const token = await ask.input({
    title: `Argo CD token for ${instance.origin}`,
    prompt: 'An API token of an account or project role (argocd account generate-token). Leave empty to forget the stored one.',
    password: true,
    ignoreFocusOut: true,
  });
  if (token === undefined) return undefined;
  await deps.credentials.set(instance.origin, token.trim() || undefined);
  await deps.reconnect();
  void notify('info', `DevOps: Argo CD token ${token.trim() ? 'stored' : 'removed'} for ${instance.origin}; it is sent only there.`);
  return instance.origin;
}

async function target(deps: ArgoCdCommandDeps, arg: unknown, title: string): Promise<Target> {
  let signal = resolveSignal(deps.hub, arg);
  if (!signal) {
    const apps = deps.hub.query({ kind: 'deployment' }).filter((s) => s.detail?.argocdApp === true && deps.sourceOf(s.source));
    signal = await deps.chooseSignal({
      arg,
      candidates: apps,
      title,
      describe: (s) => `${s.state.native} · ${s.anchors.environment ?? ''}`,
    });
    if (!signal) throw new CommandCancelled();
  }
  const source = deps.sourceOf(signal.source);
  if (!source) throw new Error(`${oneLine(signal.title, 60)} is not an application of a connected Argo CD.`);
  const matched = source.appOf(signal);
  if (!matched) throw new Error(`${oneLine(signal.title, 60)} is no longer among the applications Argo CD reports.`);
  return { source, matched, signal, name: String(signal.detail?.app ?? signal.title) };
}

async function apply(deps: ArgoCdCommandDeps, t: Target, signals: Signal[]): Promise<void> {
  deps.hub.upsert(signals);
  void deps.refreshNow(t.source.id);
}

async function sync(deps: ArgoCdCommandDeps, arg: unknown) {
  const t = await target(deps, arg, 'Sync Argo CD Application');
  const choice = await deps.prompter().pick(
    [
      { label: 'Sync', detail: 'Apply the target revision; resources no longer in git are kept.', prune: false, dryRun: false },
      { label: 'Sync and prune', detail: 'Also delete resources that are no longer in git.', prune: true, dryRun: false },
      { label: 'Dry run', detail: 'Check what a sync would do, changing nothing.', prune: false, dryRun: true },
      { label: 'Dry run with prune', detail: 'Check what a sync with prune would do, changing nothing.', prune: true, dryRun: true },
    ],
    { title: `Sync ${oneLine(t.name, 60)}` },
  );
  if (!choice) return undefined;
  const signals = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Argo CD: ${choice.dryRun ? 'dry run of ' : ''}sync of ${oneLine(t.name, 60)}`,
    },
    () => t.source.sync(t.matched, { prune: choice.prune, dryRun: choice.dryRun }),
  );
  await apply(deps, t, signals);
  void notify(
    'info',
    `DevOps: Argo CD ${choice.dryRun ? 'dry run of a sync' : 'sync'} of ${oneLine(t.name, 60)} started${choice.prune ? ' (prune)' : ''}.`,
  );
  return choice.label;
}

async function refresh(deps: ArgoCdCommandDeps, arg: unknown) {
  const t = await target(deps, arg, 'Refresh Argo CD Application');
  const signals = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Argo CD: refreshing ${oneLine(t.name, 60)}` },
    () => t.source.refreshApp(t.matched),
  );
  await apply(deps, t, signals);
  return 'refreshed';
}

async function rollback(deps: ArgoCdCommandDeps, arg: unknown) {
  const t = await target(deps, arg, 'Roll Back Argo CD Application');
  let entry: Signal | undefined =
    t.signal.detail?.argocdHistory === true && historyIdOfSignal(t.signal) !== undefined ? t.signal : undefined;
  if (!entry) {
    const appId = t.signal.detail?.argocdApp === true ? t.signal.id : t.signal.parentId;
    const history = deps.hub
      .query({ kind: 'deployment' })
      .filter((s) => s.parentId === appId && historyIdOfSignal(s) !== undefined)
      .sort((a, b) => b.createdAt - a.createdAt);
    if (history.length < 2) throw new Error(`${oneLine(t.name, 60)} has no earlier history entry to roll back to.`);
    const picked = await deps.prompter().pick(
      history.slice(1).map((s) => ({
        label: shortSha(String(s.detail?.revision ?? '')),
        description: `${relativeTime(s.createdAt)} · ${String(s.detail?.initiatedBy ?? '')}`,
        detail: commitLine(s),
        signal: s,
      })),
      { title: `Roll back ${oneLine(t.name, 60)} to` },
    );
    if (!picked) return undefined;
    entry = picked.signal;
  }
  const id = historyIdOfSignal(entry)!;
  const revision = String(entry.detail?.revision ?? '');
  const confirmed = await confirmModal(
    deps.prompter(),
    `Roll back ${t.name} in ${entry.anchors.environment ?? '?'} to revision ${shortSha(revision)} (history entry ${id}, deployed ${relativeTime(entry.createdAt)})? Argo CD syncs that revision now; automated sync must be off for the application.`,
    'Roll Back',
  );
  if (!confirmed) return undefined;
  const signals = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Argo CD: rolling back ${oneLine(t.name, 60)} to ${shortSha(revision)}` },
    () => t.source.rollback(t.matched, id),
  );
  await apply(deps, t, signals);
  void notify('info', `DevOps: Argo CD is rolling ${oneLine(t.name, 60)} back to ${shortSha(revision)}.`);
  return revision;
}

async function open(deps: ArgoCdCommandDeps, arg: unknown) {
  const t = await target(deps, arg, 'Open in Argo CD');
  const url = t.source.appUrl(t.matched.app);
  await vscode.env.openExternal(vscode.Uri.parse(url));
  return url;
}

function historyIdOfSignal(s: Signal): number | undefined {
  const id = s.detail?.historyId;
  return typeof id === 'number' ? historyIdOf({ id }) : undefined;
}

function commitLine(s: Signal): string | undefined {
  const c = s.detail?.commit as { author?: string | null; message?: string | null } | undefined;
  return c?.message ? `${c.message}${c.author ? ` — ${c.author}` : ''}` : undefined;
}
