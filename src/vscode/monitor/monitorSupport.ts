import * as vscode from 'vscode';
import { criticalFiringCount } from '../../core/alertNoise';
import { WorkspaceFileIndex, type FileReference, type FrameMapping } from '../../core/codeMapping';
import { errorMessage } from '../../core/errorMessage';
import { FileResolver } from '../../core/fileResolver';
import { MappedSource } from '../../core/mappedSource';
import { plainText } from '../../core/plainText';
import { relocateSignal, type Located } from '../../core/relocate';
import { tagValue, type Signal } from '../../core/signal';
import type { Source } from '../../core/source';
import { notify } from '../notify';
import type { ServiceHost } from '../serviceHost';
import { FolderStatusDecorations } from './folderStatus';
import { AlertNotifier } from './notifier';
import { MAPPING_SETTINGS, readMonitorSettings, type MonitorSettings } from './settings';
import { WorkspaceFiles } from './workspaceFiles';

const BACKOFF_FACTOR = 10; // Unchanged polls back off up to 10× the base interval (30 s → 5 min).

/**
 * What every monitoring service shares: the workspace file index and the
 * resolver that maps stack frames and file references into it (`devops.monitor.pathMappings`,
 * `serviceFolders`), the relocation of mapped paths to their repository, notifications for newly
 * firing alerts, the service → folder badges in the Explorer, the Monitor view's badge, and the
 * poll timing (`devops.monitor.pollSeconds`). No service is named here.
 */
export class MonitorSupport implements vscode.Disposable {
  settings: MonitorSettings;
  readonly files: WorkspaceFiles;
  readonly notifier: AlertNotifier;
  /** Maps frames and references; replaced when the file index or the settings change. */
  private resolver = new FileResolver(new WorkspaceFileIndex());
  private readonly snapshotSeen = new Set<string>();
  private readonly problems = new Map<string, readonly string[]>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly mappingEmitter = new vscode.EventEmitter<void>();
  /** The mapping settings changed: sources should be made again so their signals map anew. */
  readonly onDidChangeMapping = this.mappingEmitter.event;

  constructor(private readonly host: ServiceHost) {
    this.settings = readMonitorSettings();
    this.files = new WorkspaceFiles(host.git, host.log);
    this.notifier = new AlertNotifier(this.settings.notifySeverity, this.settings.mutedServices, {
      showDetails: (id) => host.showDetails(id),
      muteService: (service) => this.muteService(service),
      showMonitor: async () => {
        await vscode.commands.executeCommand('devops.monitor.focus');
      },
    });
    const folders = new FolderStatusDecorations(host.hub, (service) => {
      const folder = this.settings.serviceFolders[service];
      return folder ? this.files.folderUri(folder) : undefined;
    });
    this.disposables.push(
      this.files,
      folders,
      this.mappingEmitter,
      host.hub.onDidChange((c) => {
        if ([...c.added, ...c.updated, ...c.removed].some((s) => s.kind === 'alert')) this.updateBadge();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('devops.monitor')) return;
        this.settings = readMonitorSettings();
        this.resolver = this.newResolver(this.resolver.index);
        this.notifier.configure(this.settings.notifySeverity, this.settings.mutedServices);
        folders.update();
        if (MAPPING_SETTINGS.some((s) => e.affectsConfiguration(s))) this.mappingEmitter.fire();
      }),
    );
    this.updateBadge();
  }

  /** The poll timing of monitoring sources: `pollSeconds`, backing off to ten times that. */
  readonly timing = () => ({ baseMs: this.settings.pollSeconds * 1000, maxMs: this.settings.pollSeconds * 1000 * BACKOFF_FACTOR });

  /** The resolver of the moment (frames and references → workspace paths). */
  get fileResolver(): FileResolver {
    return this.resolver;
  }

  /** A monitoring source as the registry sees it: index ready before each refresh, paths relocated, alerts to the notifier. */
  wrap<S extends Source>(inner: S, options: { notifies: boolean }): MappedSource<S> {
    return new MappedSource(inner, {
      before: async () => {
        if (!this.snapshotSeen.has(inner.id)) {
          // What the last session's snapshot showed is old news, whatever the first refresh brings.
          this.snapshotSeen.add(inner.id);
          this.notifier.markSeen(this.host.hub.query({ source: inner.id }));
        }
        try {
          const index = await this.files.ready();
          if (index !== this.resolver.index) this.resolver = this.newResolver(index);
        } catch (err) {
          // Alerts without file links beat no alerts: map against the last index (or none).
          this.host.log.warn(`Monitor: could not list the workspace files: ${errorMessage(err)}`);
        }
      },
      relocate: (signal: Signal) => relocateSignal(signal, (p) => this.locate(p)),
      after: (sourceId, signals) => {
        if (options.notifies) this.notifier.observe(sourceId, signals);
      },
    });
  }

  /**
   * Where a path a CI tool printed (a failed test's stack frame) lands in the workspace's repositories,
   * through the same file index and `devops.monitor.pathMappings` as monitoring's frames. Sync, so await
   * `filesReady()` first for an up-to-date index.
   */
  locatePath(path: string): Located | undefined {
    const mapping = this.resolver.map({ path });
    return mapping.status === 'mapped' ? this.locate(mapping.path) : undefined;
  }

  /** The workspace file index, listed (or refreshed) now. */
  async filesReady(): Promise<void> {
    const index = await this.files.ready();
    if (index !== this.resolver.index) this.resolver = this.newResolver(index);
  }

  /** For the details panel: where a file reference lands now, and why not when it does not. */
  mapReference(reference: FileReference, signal: Signal): { mapping: FrameMapping; located?: Located } {
    const mapping = this.resolver.map(reference, tagValue(signal, 'service'));
    return { mapping, located: mapping.status === 'mapped' ? this.locate(mapping.path) : undefined };
  }

  /** Adds a service to `devops.monitor.mutedServices` (user settings) so it never notifies again. */
  async muteService(service: string): Promise<void> {
    const config = vscode.workspace.getConfiguration('devops.monitor');
    // The user's own list (not merged with a workspace's), which is where this writes.
    const muted = new Set(config.inspect<string[]>('mutedServices')?.globalValue ?? []);
    muted.add(service);
    this.notifier.filter.mute(service);
    await config.update('mutedServices', [...muted].sort(), vscode.ConfigurationTarget.Global);
    void notify('info', `DevOps: alerts of ${service} will no longer notify (setting devops.monitor.mutedServices).`);
  }

  /**
   * Configuration mistakes of a service (an instance with a bad URL) said on the Monitor view itself,
   * not only in the log; each service says its own, an empty list clears them.
   */
  setProblems(family: string, problems: readonly string[]): void {
    this.problems.set(family, problems);
    const all = [...this.problems.values()].flat();
    this.host.treeViews.monitor.message = all.length
      ? plainText(`Not monitored: ${all.join(' · ')}. Check the DevOps settings.`, 1000)
      : undefined;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }

  /** The repository (by identity) or workspace folder holding a workspace path, and the path under it. */
  private locate(workspacePath: string): Located | undefined {
    const located = this.files.locate(workspacePath);
    if (!located) return undefined;
    const r = this.host.git.repositoryOf(located.repo);
    return r ? { repo: r.identities.primary, path: located.path } : located;
  }

  private newResolver(index: WorkspaceFileIndex): FileResolver {
    const { serviceFolders, pathMappings } = this.settings;
    return new FileResolver(index, pathMappings, (service) => {
      const folder = service ? serviceFolders[service] : undefined;
      const root = folder ? this.files.workspacePathOf(folder) : undefined;
      return root ? [root] : [];
    });
  }

  private updateBadge(): void {
    const n = criticalFiringCount(this.host.hub.query({ kind: 'alert' }));
    this.host.treeViews.monitor.badge = n > 0 ? { value: n, tooltip: `${n} critical ${n === 1 ? 'alert' : 'alerts'} firing` } : undefined;
  }
}
