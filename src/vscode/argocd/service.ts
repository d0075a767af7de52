import * as vscode from 'vscode';
import { remoteIdentity } from '../../core/remoteUrl';
import type { Signal } from '../../core/signal';
import { ArgoCdSource, argocdDeployLayout, needsAttention, type ArgoCdInstance } from '../../sources/argocd';
import { workspaceRemoteUrls } from '../git/remoteUrls';
import type { DevOpsService, Discovery } from '../service';
import type { ServiceHost } from '../serviceHost';
import { argocdCommands } from './commands';
import { ArgoCdCredentials } from './credentials';
import { argocdDetailsContributor } from './details';
import { argocdInstances, SECTION } from './settings';
import { ArgoCdStreams } from './streams';

/** Argo CD sends no ETag: each poll is a full list. 10 s after a change, backing off to 5 min while nothing moves. */
const POLL = { baseMs: 10_000, maxMs: 5 * 60_000 };
/** While the application stream is open it brings the changes; polls only check now and then. */
const POLL_STREAMING = { baseMs: 2 * 60_000, maxMs: 10 * 60_000 };

/**
 * Argo CD (instances in `devops.argocd.instances`, a token per origin in SecretStorage): the
 * applications whose source repository is a workspace remote, or that the settings name, in the
 * Deploy view with their sync status, health and history; their syncs as deployments next to the
 * code; Sync, Refresh, Rollback and Open; a warning badge on the Deploy view for apps out of sync
 * or degraded.
 */
export class ArgoCdService implements DevOpsService {
  readonly display = { family: 'argocd', name: 'Argo CD', icon: 'rocket', openLabel: 'Open in Argo CD' };
  readonly rediscoverOn = { settings: [`${SECTION}.instances`] };
  readonly layouts = { deploy: argocdDeployLayout() };
  readonly details;
  readonly commands;
  private readonly credentials: ArgoCdCredentials;
  private sources = new Map<string, ArgoCdSource>();
  private instances: ArgoCdInstance[] = [];
  private identities = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly streams: ArgoCdStreams;

  constructor(private readonly host: ServiceHost) {
    this.credentials = new ArgoCdCredentials(host.context.secrets);
    this.streams = new ArgoCdStreams(host.hub, host.log, (s) => this.sources.get(s.id) === s);
    this.details = argocdDetailsContributor((id) => this.sources.get(id));
    this.commands = argocdCommands({
      hub: host.hub,
      credentials: this.credentials,
      prompter: () => host.prompter(),
      chooseSignal: (choice) => host.chooseSignal(choice),
      instances: () => this.instances,
      sourceOf: (id) => this.sources.get(id),
      reconnect: () => host.discoverNow(this.display.family),
      refreshNow: (id) => host.refreshNow(id),
    });
    this.disposables.push(
      this.streams,
      this.credentials,
      this.credentials.onDidChange(() => host.rediscover(this.display.family)),
      host.hub.onDidChange((c) => {
        if ([...c.added, ...c.updated, ...c.removed].some((s) => s.source.startsWith('argocd:'))) this.updateBadge();
      }),
    );
  }

  async discover(): Promise<Discovery> {
    const { instances, problems } = argocdInstances();
    for (const problem of problems) this.host.log.warn(`Argo CD: devops.argocd.instances: ${problem}`);
    this.instances = instances;
    const identities = new Set<string>();
    for (const { url } of await workspaceRemoteUrls(this.host.git, this.host.log, 'Argo CD')) {
      const identity = remoteIdentity(url);
      if (identity) identities.add(identity);
    }
    this.identities = identities;
    const next = new Map<string, ArgoCdSource>();
    for (const instance of instances) {
      const credential = await this.credentials.credential(instance.origin);
      if (!credential) continue;
      const existing = this.sources.get(`argocd:${instance.key}`);
      // A new source for a new token or changed settings: nothing of the old token is kept.
      const source =
        existing && JSON.stringify(existing.instance) === JSON.stringify(instance) && existing.credentialValue === credential.value
          ? existing
          : new ArgoCdSource({
              http: this.host.http,
              instance,
              credential,
              workspaceIdentities: () => this.identities,
              logger: this.host.log,
            });
      next.set(source.id, source);
    }
    this.sources = next;
    void vscode.commands.executeCommand('setContext', 'devops.argocd.configured', instances.length > 0);
    void vscode.commands.executeCommand('setContext', 'devops.argocd.needsToken', instances.length > next.size);
    this.updateBadge();
    // The streams start from the first poll's list: they open once a source has one.
    this.streams.setSources([...next.values()]);
    return {
      sources: [...next.values()].map((source) => ({ source, poll: () => (this.streams.isOpen(source.id) ? POLL_STREAMING : POLL) })),
    };
  }

  /** The Deploy view's warning badge: how many Argo CD apps are out of sync or degraded. */
  private updateBadge(): void {
    const apps = this.host.hub
      .query({ kind: 'deployment' })
      .filter((s: Signal) => s.source.startsWith('argocd:') && this.sources.has(s.source));
    const n = apps.filter(needsAttention).length;
    const view = this.host.treeViews.deploy;
    view.badge =
      n > 0 ? { value: n, tooltip: `${n} Argo CD ${n === 1 ? 'application' : 'applications'} out of sync or degraded` } : undefined;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
