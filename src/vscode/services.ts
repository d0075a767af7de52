import * as vscode from 'vscode';
import type { DetailsContributor } from '../core/details/item';
import { errorMessage } from '../core/errorMessage';
import type { SignalHub } from '../core/hub';
import type { ViewId } from '../core/phaseTree';
import type { PollScheduler } from '../core/pollScheduler';
import type { Signal } from '../core/signal';
import type { WorkspaceRepository, GitWorkspace } from './git/gitWorkspace';
import { registerGuardedCommand } from './guardedCommand';
import type { Reference } from '../core/releaseNotes';
import type {
  BuildSummary,
  DeployDestination,
  DevOpsService,
  IncidentDestination,
  ResolvedReference,
  ReviewThreadActions,
  ServiceDisplay,
} from './service';
import type { SourceRegistry } from './sourceRegistry';
import type { PhaseTreeProvider } from './views/phaseTreeProvider';

const REDISCOVER_DELAY_MS = 300;
const NORMAL_RANK: Partial<Record<Signal['state']['normal'], number>> = { running: 3, queued: 2, failed: 1 };

export interface ServicesDeps {
  hub: SignalHub;
  registry: SourceRegistry;
  scheduler: PollScheduler;
  git: GitWorkspace;
  views: Record<ViewId, PhaseTreeProvider>;
  /** The details panel's contributors, in registration order. */
  detailsContributors: DetailsContributor[];
  log: vscode.LogOutputChannel;
}

interface Registered {
  service: DevOpsService;
  timer?: ReturnType<typeof setTimeout>;
  running: Promise<void>;
  again: boolean;
  abort?: AbortController;
}

/**
 * The registered services, and what the generic parts of the extension ask of them: their sources
 * (registered for the views and `DevOps: Refresh`, polled by the one scheduler), layouts, details,
 * commands, status-bar candidates, report destinations and display metadata. `registerService`
 * wires one in; its Disposable takes it out again, with its sources and signals.
 */
export class Services implements vscode.Disposable {
  private readonly services = new Map<string, Registered>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** A service's sources changed (found, connected, signed in or out). */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly deps: ServicesDeps) {
    this.disposables.push(
      this.changeEmitter,
      deps.git.onDidChangeRepositories(() => this.rediscoverAll()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.rediscoverAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        for (const r of this.services.values()) {
          if (r.service.rediscoverOn?.settings?.some((s) => e.affectsConfiguration(s))) this.rediscover(r.service.display.family);
        }
      }),
    );
  }

  registerService(service: DevOpsService): vscode.Disposable {
    const { family } = service.display;
    if (this.services.has(family)) throw new Error(`a service of family ${family} is already registered`);
    const registered: Registered = { service, running: Promise.resolve(), again: false };
    this.services.set(family, registered);
    const parts: vscode.Disposable[] = [];
    for (const [view, layout] of Object.entries(service.layouts ?? {})) {
      if (layout) parts.push(this.deps.views[view as ViewId].addLayout(layout));
    }
    if (service.details) {
      const contributor = service.details;
      this.deps.detailsContributors.push(contributor);
      parts.push({ dispose: () => void this.deps.detailsContributors.splice(this.deps.detailsContributors.indexOf(contributor), 1) });
    }
    for (const [id, run] of Object.entries(service.commands ?? {})) parts.push(registerGuardedCommand(id, run, this.deps.log));
    // No network in activate(): the first discovery runs once it has returned.
    this.rediscover(family, 0);
    return new vscode.Disposable(() => {
      clearTimeout(registered.timer);
      registered.abort?.abort();
      this.services.delete(family);
      vscode.Disposable.from(...parts).dispose();
      this.deps.scheduler.setSources(`${family}:`, []);
      this.deps.registry.set(`${family}:`, []);
      this.deps.git.setAliases(family, []);
      service.dispose();
      this.changeEmitter.fire();
    });
  }

  /** Runs a service's discovery again soon (calls made meanwhile are folded into one). */
  rediscover(family: string, delayMs = REDISCOVER_DELAY_MS): void {
    const r = this.services.get(family);
    if (!r) return;
    clearTimeout(r.timer);
    r.timer = setTimeout(() => void this.discover(r), delayMs);
  }

  /** Discovery of one service now; resolves when it (and one re-run asked for meanwhile) is done. */
  discoverNow(family: string): Promise<void> {
    const r = this.services.get(family);
    return r ? this.discover(r) : Promise.resolve();
  }

  displayOf(signal: Signal): ServiceDisplay | undefined {
    return this.services.get(familyOf(signal.source))?.service.display;
  }

  /** The reply and resolve of the service that reported a review thread. */
  reviewThreadsOf(signal: Signal): ReviewThreadActions | undefined {
    return this.services.get(familyOf(signal.source))?.service.reviewThreads;
  }

  /** The status-bar candidates of every service for a repository; the most relevant first (see `mostRelevant`). */
  buildSummaries(r: WorkspaceRepository): BuildSummary[] {
    const all: BuildSummary[] = [];
    for (const { service } of this.services.values()) {
      try {
        all.push(...(service.buildSummaries?.(r) ?? []));
      } catch (err) {
        this.deps.log.warn(`${service.display.name}: status bar: ${errorMessage(err)}`);
      }
    }
    return all.sort(mostRelevant);
  }

  /** Every service's titles for release-note references of a repository (by key); a failing service costs its own titles only. */
  async resolveReferences(
    r: WorkspaceRepository,
    references: readonly Reference[],
    signal: AbortSignal,
  ): Promise<Map<string, ResolvedReference>> {
    const all = new Map<string, ResolvedReference>();
    for (const { service } of this.services.values()) {
      if (!service.resolveReferences) continue;
      try {
        for (const [key, value] of await service.resolveReferences(r, references, signal)) if (!all.has(key)) all.set(key, value);
      } catch (err) {
        this.deps.log.warn(`${service.display.name}: release note titles: ${errorMessage(err)}`);
      }
    }
    return all;
  }

  /** Every service's warnings about a release range (a failing service costs its own warnings only). */
  async releaseWarnings(r: WorkspaceRepository, references: readonly Reference[], signal: AbortSignal): Promise<string[]> {
    const all: string[] = [];
    for (const { service } of this.services.values()) {
      if (!service.releaseWarnings) continue;
      try {
        all.push(...(await service.releaseWarnings(r, references, signal)));
      } catch (err) {
        this.deps.log.warn(`${service.display.name}: release note warnings: ${errorMessage(err)}`);
      }
    }
    return all;
  }

  deployDestinations(): DeployDestination[] {
    return [...this.services.values()].flatMap((r) => r.service.deployDestinations ?? []);
  }

  incidentDestinations(): IncidentDestination[] {
    return [...this.services.values()].flatMap((r) => r.service.incidentDestinations ?? []);
  }

  families(): string[] {
    return [...this.services.keys()];
  }

  dispose(): void {
    for (const r of this.services.values()) {
      clearTimeout(r.timer);
      r.abort?.abort();
    }
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private rediscoverAll(): void {
    for (const family of this.services.keys()) this.rediscover(family);
  }

  private discover(r: Registered): Promise<void> {
    if (r.abort) {
      // One run at a time; the last request wins.
      r.again = true;
      return r.running;
    }
    r.abort = new AbortController();
    const signal = r.abort.signal;
    const { family, name } = r.service.display;
    r.running = (async () => {
      try {
        // Services find their repositories among the workspace's: those are known first.
        await this.deps.git.ready();
        const found = await r.service.discover(signal);
        if (signal.aborted || this.services.get(family) !== r) return;
        const owner = `${family}:`;
        this.deps.git.setAliases(family, found.aliases ?? []);
        this.deps.registry.set(
          owner,
          found.sources.map((s) => s.source),
        );
        this.deps.scheduler.setSources(
          owner,
          found.sources.flatMap((s) => (s.poll ? [{ source: s.source, timing: s.poll }] : [])),
        );
        this.forgetUnknown(owner, new Set(found.sources.map((s) => s.source.id)));
        this.changeEmitter.fire();
      } catch (err) {
        this.deps.log.error(`${name}: ${errorMessage(err)}`);
      } finally {
        r.abort = undefined;
        if (r.again) {
          r.again = false;
          void this.discover(r);
        }
      }
    })();
    return r.running;
  }

  /** Signals of sources the service no longer has (removed settings, a closed repository, the last session's snapshot) leave the views. */
  private forgetUnknown(owner: string, keep: ReadonlySet<string>): void {
    const stale = new Set(
      this.deps.hub
        .all()
        .filter((s) => s.source.startsWith(owner) && !keep.has(s.source))
        .map((s) => s.source),
    );
    for (const source of stale) this.deps.hub.replaceSource(source, []);
  }
}

/** The family of a source id: `<family>` of `<family>:<instance>`. */
export function familyOf(sourceId: string): string {
  const colon = sourceId.indexOf(':');
  return colon < 0 ? sourceId : sourceId.slice(0, colon);
}

/**
 * The run the status bar shows when several services speak for a repository: the newest run of
 * HEAD's branch; at the same start, one still running, then a failed one, first.
 */
export function mostRelevant(a: BuildSummary, b: BuildSummary): number {
  return (
    b.run.createdAt - a.run.createdAt ||
    (NORMAL_RANK[b.run.state.normal] ?? 0) - (NORMAL_RANK[a.run.state.normal] ?? 0) ||
    a.run.id.localeCompare(b.run.id)
  );
}
