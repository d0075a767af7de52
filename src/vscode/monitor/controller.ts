import * as vscode from 'vscode';
import { plainText } from '../../core/plainText';
import { WorkspaceFileIndex, type FileReference, type FrameMapping } from '../../core/codeMapping';
import { Signal, tagValue } from '../../core/signal';
import { AlertmanagerSource } from '../../sources/alertmanager/alertmanagerSource';
import { SentrySource } from '../../sources/sentry/sentrySource';
import { FeatureContext } from '../featureContext';
import { MonitorCredentials } from './credentials';
import { monitorDetailsContributor } from './details';
import { FileResolver } from './fileResolver';
import { FolderStatusDecorations } from './folderStatus';
import { MonitorSource } from './monitorSource';
import { ALERTMANAGER_PREFIX, SENTRY_PREFIX, criticalFiringCount, isMonitorSignal, monitorLayout } from './monitorTree';
import { AlertNotifier } from './notifier';
import { MonitorPoller } from './poller';
import { Located, relocateSignal } from './relocate';
import { MonitorSettings, SOURCE_SETTINGS, readMonitorSettings } from './settings';
import { WorkspaceFiles } from './workspaceFiles';
import { notify } from '../notify';

const BACKOFF_FACTOR = 10; // Unchanged polls back off up to 10× the base interval (30 s → 5 min).

/**
 * The Monitor feature's state: the configured sources (one per Alertmanager instance, one for
 * Sentry) wrapped for file mapping and notifications, the poller, the view layout and badge, the
 * folder badges and the details sections. Sources are rebuilt when their settings or credentials
 * change; nothing here goes to the network before `activate()` has returned.
 */
export class MonitorController implements vscode.Disposable {
  settings: MonitorSettings;
  readonly credentials: MonitorCredentials;
  readonly files: WorkspaceFiles;
  readonly notifier: AlertNotifier;
  private readonly poller: MonitorPoller;
  private alertSources = new Map<string, MonitorSource<AlertmanagerSource>>();
  private sentrySource: MonitorSource<SentrySource> | undefined;
  private readonly snapshotSeen = new Set<string>();
  /** Maps frames and references; replaced when the file index or the settings change. */
  private resolver = new FileResolver(new WorkspaceFileIndex());
  private readonly disposables: vscode.Disposable[] = [];
  private rebuilding: Promise<void> = Promise.resolve();

  constructor(readonly feature: FeatureContext) {
    const { hub, log } = feature;
    this.settings = readMonitorSettings();
    this.credentials = new MonitorCredentials(feature.context.secrets);
    this.files = new WorkspaceFiles(feature.git, log);
    this.notifier = new AlertNotifier(this.settings.notifySeverity, this.settings.mutedServices, {
      showDetails: (id) => feature.showDetails(id),
      muteService: (service) => this.muteService(service),
      showMonitor: async () => {
        await vscode.commands.executeCommand('devops.monitor.focus');
      },
    });
    const timing = () => ({ baseMs: this.settings.pollSeconds * 1000, maxMs: this.settings.pollSeconds * 1000 * BACKOFF_FACTOR });
    this.poller = new MonitorPoller(feature.refresher, hub, timing, vscode.window.state.focused, log);
    const folders = new FolderStatusDecorations(hub, (service) => {
      const folder = this.settings.serviceFolders[service];
      return folder ? this.files.folderUri(folder) : undefined;
    });
    feature.detailsContributors.push(monitorDetailsContributor((reference, alert) => this.mapReference(reference, alert)));
    this.disposables.push(
      this.files,
      folders,
      { dispose: () => this.poller.dispose() },
      feature.views.monitor.addLayout(monitorLayout({
        health: (source) => hub.getHealth(source),
        label: (source) => feature.registry.get(source)?.label,
        now: Date.now,
      })),
      hub.onDidChange((c) => {
        if ([...c.added, ...c.updated, ...c.removed].some((s) => s.kind === 'alert')) this.updateBadge();
      }),
      vscode.window.onDidChangeWindowState((state) => this.poller.setFocused(state.focused)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('devops.monitor') && !SOURCE_SETTINGS.some((s) => e.affectsConfiguration(s))) return;
        this.settings = readMonitorSettings();
        this.resolver = this.newResolver(this.resolver.index);
        this.notifier.configure(this.settings.notifySeverity, this.settings.mutedServices);
        folders.update();
        if (SOURCE_SETTINGS.some((s) => e.affectsConfiguration(s))) void this.rebuild();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.settings = readMonitorSettings();
        void this.rebuild();
      }),
      this.credentials.onDidChange(() => void this.rebuild()),
    );
    this.updateBadge();
  }

  /** The Alertmanager source behind a signal's `source` id. */
  alertSource(sourceId: string): MonitorSource<AlertmanagerSource> | undefined {
    return this.alertSources.get(sourceId);
  }

  /**
   * Re-creates the sources from the settings and stored credentials, registers them (the
   * Refresher, `DevOps: Refresh` and the health rows use the registry) and polls the new ones.
   * Calls are serialised; the last settings win.
   */
  rebuild(): Promise<void> {
    this.rebuilding = this.rebuilding.then(() => this.doRebuild()).catch((err) => {
      this.feature.log.error(`Monitor: ${err instanceof Error ? err.message : String(err)}`);
    });
    return this.rebuilding;
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

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private async doRebuild(): Promise<void> {
    const { feature } = this;
    const settings = this.settings;
    const log = feature.log;
    for (const problem of settings.instanceProblems) log.warn(`Monitor: devops.alertmanager.instances: ${problem}`);
    const problems: string[] = settings.instanceProblems.map((p) => `Alertmanager ${p}`);

    const alertSources = new Map<string, MonitorSource<AlertmanagerSource>>();
    for (const instance of settings.instances) {
      try {
        const credential = await this.credentials.alertmanager(instance.url);
        const inner = new AlertmanagerSource(feature.http, instance, {
          credential,
          serviceLabels: settings.serviceLabels,
          resolveFile: (reference, alert) => this.resolver.anchor(reference, alert.service),
          logger: log,
        });
        alertSources.set(inner.id, this.wrap(inner));
      } catch (err) {
        const message = `Alertmanager instance "${instance.name}": ${err instanceof Error ? err.message : String(err)}`;
        log.error(`Monitor: ${message}`);
        problems.push(message);
      }
    }
    let sentry: MonitorSource<SentrySource> | undefined;
    if (settings.sentry) {
      try {
        const credential = await this.credentials.sentry(settings.sentry.baseUrl);
        if (!credential) log.info('Monitor: no Sentry token stored; run "DevOps: Set Sentry Token…"');
        const inner = new SentrySource(feature.http, settings.sentry, {
          credential,
          mapFrame: (frame, issue) => this.resolver.frame(frame, issue.project?.slug),
          logger: log,
        });
        sentry = this.wrap(inner);
      } catch (err) {
        const message = `Sentry: ${err instanceof Error ? err.message : String(err)}`;
        log.error(`Monitor: ${message}`);
        problems.push(message);
      }
    }
    // Configuration mistakes are said on the view itself, not only in the log.
    feature.treeViews.monitor.message = problems.length
      ? plainText(`Not monitored: ${problems.join(' · ')}. Check the DevOps settings.`, 1000)
      : undefined;
    this.alertSources = alertSources;
    this.sentrySource = sentry;
    feature.registry.set(ALERTMANAGER_PREFIX, [...alertSources.values()]);
    feature.registry.set(SENTRY_PREFIX, sentry ? [sentry] : []);
    this.dropUnconfigured();
    this.poller.setSources([...alertSources.values(), ...(sentry ? [sentry] : [])]);
  }

  /** Signals of instances no longer configured (or restored from the snapshot of an old configuration) go. */
  private dropUnconfigured(): void {
    const configured = new Set([...this.alertSources.keys(), ...(this.sentrySource ? [this.sentrySource.id] : [])]);
    const orphans = new Set(this.feature.hub.query({ phase: 'monitor' }).filter((s) => isMonitorSignal(s) && !configured.has(s.source)).map((s) => s.source));
    for (const source of orphans) this.feature.hub.replaceSource(source, []);
  }

  private wrap<S extends AlertmanagerSource | SentrySource>(inner: S): MonitorSource<S> {
    return new MonitorSource(inner, {
      before: async () => {
        if (!this.snapshotSeen.has(inner.id)) {
          // What the last session's snapshot showed is old news, whatever the first refresh brings.
          this.snapshotSeen.add(inner.id);
          this.notifier.markSeen(this.feature.hub.query({ source: inner.id }));
        }
        try {
          const index = await this.files.ready();
          if (index !== this.resolver.index) this.resolver = this.newResolver(index);
        } catch (err) {
          // Alerts without file links beat no alerts: map against the last index (or none).
          this.feature.log.warn(`Monitor: could not list the workspace files: ${err instanceof Error ? err.message : String(err)}`);
        }
      },
      relocate: (signal: Signal) => relocateSignal(signal, (p) => this.files.locate(p)),
      after: (sourceId, signals) => {
        if (sourceId.startsWith(ALERTMANAGER_PREFIX)) this.notifier.observe(sourceId, signals);
      },
    });
  }

  private newResolver(index: WorkspaceFileIndex): FileResolver {
    const { serviceFolders, pathMappings } = this.settings;
    return new FileResolver(index, pathMappings, (service) => {
      const folder = service ? serviceFolders[service] : undefined;
      const root = folder ? this.files.workspacePathOf(folder) : undefined;
      return root ? [root] : [];
    });
  }

  /** For the details panel: where an annotation's reference lands now, and why not when it does not. */
  private mapReference(reference: FileReference, alert: Signal): { mapping: FrameMapping; located?: Located } {
    const mapping = this.resolver.map(reference, tagValue(alert, 'service'));
    return { mapping, located: mapping.status === 'mapped' ? this.files.locate(mapping.path) : undefined };
  }

  private updateBadge(): void {
    const n = criticalFiringCount(this.feature.hub.query({ kind: 'alert' }).filter(isMonitorSignal));
    this.feature.treeViews.monitor.badge = n > 0
      ? { value: n, tooltip: `${n} critical ${n === 1 ? 'alert' : 'alerts'} firing` }
      : undefined;
  }
}
