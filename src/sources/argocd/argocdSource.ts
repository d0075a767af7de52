/**
 * One Argo CD instance as a `Source` of the Deploy phase (id `argocd:<host[/rootpath]>`): every
 * application the token may see whose source repository is a workspace remote, or that the settings
 * name, mapped with its history (mapping.ts). Per refresh: one list of the applications, and the
 * revision metadata (author, message) of each app's running revision the first time it is seen
 * (a commit's metadata never changes, so it is kept). Sync, Refresh and Rollback act on one app
 * and answer its signals as Argo CD now reports them.
 */
import { errorMessage } from '../../core/errorMessage';
import { isSourceError } from '../../core/sourceError';
import { silentLogger, type Logger } from '../../core/logger';
import type { Phase, Signal } from '../../core/signal';
import type { PollHints, Source } from '../../core/source';
import type { Credential, HttpClientLike } from '../../http/types';
import { ArgoCdApi, type AppRef, type SyncOptions } from './api';
import type { ArgoCdInstance } from './instance';
import { appKey, matchApplications, namesApp, type MatchedApp } from './matching';
import { argocdSourceId, mapApplication, type ArgoMappingContext } from './mapping';
import type { ArgoApplication, ArgoRevisionMetadata } from './types';
import { ArgoCdWatch } from './watch';

/** New revisions whose metadata is read per refresh; the rest wait for the next one. */
const METADATA_PER_REFRESH = 10;
const METADATA_CACHE = 2000;

export interface ArgoCdSourceOptions {
  http: HttpClientLike;
  instance: ArgoCdInstance;
  /** Bearer credential bound to the instance's origin (`bearerCredential`). */
  credential?: Credential;
  /** Canonical identities of the workspace's remotes (core/remoteUrl), read at every refresh. */
  workspaceIdentities: () => ReadonlySet<string>;
  logger?: Logger;
}

export class ArgoCdSource implements Source {
  readonly id: string;
  readonly label: string;
  readonly phases: readonly Phase[] = ['deploy'];
  readonly api: ArgoCdApi;
  /** Requests of the last refresh. */
  lastRequests = 0;
  private readonly logger: Logger;
  private readonly metadata = new Map<string, ArgoRevisionMetadata | null>();
  private matched = new Map<string, MatchedApp>();
  /** Every application of the last list (matched or not), the stream's starting point. */
  private lastApps: ArgoApplication[] = [];
  private hasListed = false;
  private active = false;

  constructor(private readonly options: ArgoCdSourceOptions) {
    this.id = argocdSourceId(options.instance.key);
    this.label = `Argo CD · ${options.instance.key}`;
    this.logger = options.logger ?? silentLogger;
    this.api = new ArgoCdApi({ http: options.http, instance: options.instance, credential: options.credential });
  }

  /** The credential's header value, to tell whether a stored token changed (never logged). */
  get credentialValue(): string | undefined {
    return this.options.credential?.value;
  }

  get instance(): ArgoCdInstance {
    return this.options.instance;
  }

  async refresh(signal: AbortSignal): Promise<Signal[]> {
    this.api.takeCount();
    try {
      const apps = await this.api.listApplications({}, signal);
      this.lastApps = apps;
      this.hasListed = true;
      return await this.ingest(apps, signal);
    } finally {
      this.lastRequests = this.api.takeCount();
    }
  }

  /** Maps a complete list of applications (from a refresh, or the stream's view of them) into this source's signals. */
  async ingest(apps: readonly ArgoApplication[], signal?: AbortSignal): Promise<Signal[]> {
    const matched = matchApplications(apps, this.options.workspaceIdentities(), this.options.instance.apps);
    this.matched = new Map(matched.map((m) => [appKey(m.app), m]));
    await this.readMetadata(matched, signal);
    this.active = matched.some((m) => m.app.status?.operationState?.phase === 'Running' || m.app.status?.health?.status === 'Progressing');
    return matched.flatMap((m) => mapApplication(m, this.ctx()));
  }

  /**
   * Watches the application stream until it ends, fails or `signal` aborts. It starts from the last
   * list (the stream's first events are every app again, one at a time) and hands on the complete
   * set of signals after each change, as a refresh would return it.
   */
  async watch(signal: AbortSignal, onSignals: (signals: Signal[]) => void): Promise<void> {
    // One mapping at a time, always of the newest set: a burst of events (the stream's first ADDED
    // for every app) costs one or two mappings, not one per event.
    let latest: ArgoApplication[] | undefined;
    let mapping: Promise<void> | undefined;
    const drain = async () => {
      while (latest && !signal.aborted) {
        const apps = latest;
        latest = undefined;
        try {
          this.lastApps = apps;
          const signals = await this.ingest(apps, signal);
          if (!signal.aborted) onSignals(signals);
        } catch (error) {
          if (!signal.aborted) this.logger.warn(`Argo CD: stream of ${this.options.instance.key}: ${errorMessage(error)}`);
        }
      }
      mapping = undefined;
    };
    const watch = new ArgoCdWatch({
      http: this.options.http,
      instance: this.options.instance,
      credential: this.options.credential,
      onApps: (apps) => {
        latest = apps;
        mapping ??= drain();
      },
    });
    for (const app of this.lastApps) watch.apps.set(appKey(app), app);
    try {
      await watch.run(signal);
    } finally {
      await mapping;
      if (watch.malformed) this.logger.warn(`Argo CD: stream of ${this.options.instance.key}: ${watch.malformed} malformed events skipped`);
    }
  }

  /** Whether a refresh has listed the applications once (the stream starts from that list). */
  get listed(): boolean {
    return this.hasListed;
  }

  pollHints(): PollHints {
    return this.active ? { active: true } : {};
  }

  /** The app behind one of this source's signals (the app's or a history entry's), by its `app` detail. */
  appOf(signal: Signal): MatchedApp | undefined {
    const key = signal.detail?.app;
    return typeof key === 'string' ? this.matched.get(key) : undefined;
  }

  apps(): MatchedApp[] {
    return [...this.matched.values()];
  }

  /** Sync (prune / dry run), then the app's signals as Argo CD reports it after. */
  async sync(matched: MatchedApp, options: SyncOptions, signal?: AbortSignal): Promise<Signal[]> {
    const app = await this.api.sync(ref(matched.app), options, signal);
    return this.remap(matched, app);
  }

  /** Refresh: Argo CD compares the app with its repository again (`refresh=normal`). */
  async refreshApp(matched: MatchedApp, signal?: AbortSignal): Promise<Signal[]> {
    const app = await this.api.getApplication(ref(matched.app), { refresh: 'normal' }, signal);
    return this.remap(matched, app);
  }

  async rollback(
    matched: MatchedApp,
    historyId: number,
    options: { prune?: boolean; dryRun?: boolean } = {},
    signal?: AbortSignal,
  ): Promise<Signal[]> {
    const app = await this.api.rollback(ref(matched.app), historyId, options, signal);
    return this.remap(matched, app);
  }

  appUrl(app: ArgoApplication): string {
    return this.api.appUrl(ref(app));
  }

  private remap(matched: MatchedApp, app: ArgoApplication): Signal[] {
    const next = { ...matched, app };
    this.matched.set(appKey(app), next);
    return mapApplication(next, this.ctx());
  }

  private ctx(): ArgoMappingContext {
    const environments = this.options.instance.environments;
    return {
      sourceId: this.id,
      appUrl: (app) => this.appUrl(app),
      environmentOf: (app) => {
        const entry = Object.keys(environments).find((k) => namesApp(k, app));
        return entry ? environments[entry] : undefined;
      },
      revisionMetadata: (revision) => this.metadata.get(revision) ?? undefined,
    };
  }

  /** Author and message of each app's running revision, once per revision; a failure costs only that detail. */
  private async readMetadata(matched: readonly MatchedApp[], signal?: AbortSignal): Promise<void> {
    let budget = METADATA_PER_REFRESH;
    for (const m of matched) {
      const history = m.app.status?.history ?? [];
      const last = history[history.length - 1];
      const multi = Array.isArray(m.app.spec?.sources) && m.app.spec.sources.length > 0;
      const revision = multi
        ? (last?.revisions?.[m.sourceIndex] ?? m.app.status?.sync?.revisions?.[m.sourceIndex])
        : (last?.revision ?? m.app.status?.sync?.revision);
      if (typeof revision !== 'string' || !/^[0-9a-f]{40}$/i.test(revision) || this.metadata.has(revision.toLowerCase())) continue;
      if (budget-- <= 0) break;
      try {
        this.metadata.set(revision.toLowerCase(), await this.api.revisionMetadata(ref(m.app), revision, signal));
      } catch (error) {
        if (signal?.aborted) throw error;
        this.logger.warn(`Argo CD: revision ${revision.slice(0, 8)} of ${appKey(m.app)}: ${errorMessage(error)}`);
        // A revision Argo CD cannot describe (not a git commit, gone) is not asked again; a passing failure is.
        if (isSourceError(error) && (error.kind === 'notFound' || error.kind === 'badResponse' || error.kind === 'rejected'))
          this.metadata.set(revision.toLowerCase(), null);
      }
      if (this.metadata.size > METADATA_CACHE) this.metadata.delete(this.metadata.keys().next().value as string);
    }
  }
}

function ref(app: ArgoApplication): AppRef {
  return { name: app.metadata?.name ?? '', ...(app.metadata?.namespace ? { namespace: app.metadata.namespace } : {}) };
}
