import * as vscode from 'vscode';
import { severityRank } from '../../core/alertNoise';
import { coalesce } from '../../core/coalesce';
import { SignalHub } from '../../core/hub';
import { Signal, tagValue } from '../../core/signal';

interface FolderStatus {
  count: number;
  critical: boolean;
  services: Set<string>;
}

/**
 * Alerts of a service show on that folder's status: the folder that
 * `devops.monitor.serviceFolders` maps a service to gets a badge in the Explorer with the number of
 * firing alerts and open production errors of that service, red when one is critical.
 */
export class FolderStatusDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.emitter.event;
  private statuses = new Map<string, FolderStatus>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly hub: SignalHub,
    /** The folder a service maps to, from the settings. */
    private readonly folderOf: (service: string) => vscode.Uri | undefined,
  ) {
    this.disposables.push(
      this.emitter,
      vscode.window.registerFileDecorationProvider(this),
      hub.onDidChange((c) => {
        if ([...c.added, ...c.updated, ...c.removed].some(isAlertOrError)) this.schedule();
      }),
    );
    this.schedule();
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const status = this.statuses.get(uri.toString());
    if (!status) return undefined;
    const services = [...status.services].sort().join(', ');
    const what = `${status.count} ${status.count === 1 ? 'alert or error' : 'alerts and errors'}`;
    return {
      badge: status.count > 9 ? '9+' : String(status.count),
      tooltip: `${what} firing for ${services}`,
      color: new vscode.ThemeColor(status.critical ? 'errorForeground' : 'list.warningForeground'),
      propagate: false,
    };
  }

  /** Recomputes now (the settings changed, or the hub did). */
  update(): void {
    const next = new Map<string, FolderStatus>();
    for (const signal of this.hub.query({ phase: 'monitor' })) {
      const service = tagValue(signal, 'service');
      if (!service || !isAlertOrError(signal) || !isActive(signal)) continue;
      const uri = this.folderOf(service);
      if (!uri) continue;
      const key = uri.toString();
      let status = next.get(key);
      if (!status) next.set(key, (status = { count: 0, critical: false, services: new Set() }));
      status.count++;
      status.services.add(service);
      status.critical ||= severityRank(tagValue(signal, 'severity') ?? tagValue(signal, 'level')) >= severityRank('critical');
    }
    const changed = new Set([...this.statuses.keys(), ...next.keys()]);
    this.statuses = next;
    if (changed.size > 0) this.emitter.fire([...changed].map((k) => vscode.Uri.parse(k, true)));
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private readonly schedule = coalesce(() => this.update());
}

/** Alerts and production errors; incidents have no service to badge a folder for. */
function isAlertOrError(signal: Signal): boolean {
  return signal.kind === 'alert' || signal.kind === 'error';
}

function isActive(signal: Signal): boolean {
  return signal.kind === 'alert' ? signal.state.normal === 'firing' : signal.kind === 'error' && signal.state.normal === 'open';
}
