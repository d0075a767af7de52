import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import type { MappedSource } from '../../core/mappedSource';
import type { Signal } from '../../core/signal';
import { AlertmanagerSource } from '../../sources/alertmanager';
import { alertmanagerLayout } from '../../sources/alertmanager';
import type { DevOpsService, Discovery } from '../service';
import type { ServiceHost } from '../serviceHost';
import type { MonitorSupport } from '../monitor/monitorSupport';
import { alertmanagerCommands } from './commands';
import { AlertmanagerCredentials } from './credentials';
import { alertmanagerDetailsContributor } from './details';
import { readAlertmanagerSettings } from './settings';

/**
 * Prometheus Alertmanager and Grafana alerting (same v2 API), one source per instance of
 * `devops.alertmanager.instances`: alerts by instance → severity → service in the Monitor view, their
 * file references in Problems and next to the code, silences made and expired from the editor, and a
 * notification for newly firing ones.
 */
export class AlertmanagerService implements DevOpsService {
  readonly display = {
    family: 'alertmanager',
    name: 'Alertmanager',
    icon: 'flame',
    openLabel: 'Open in Alertmanager',
    problemsLabel: (signal: Signal) =>
      typeof signal.detail?.instance === 'string' ? `Alertmanager ${signal.detail.instance}` : 'Alertmanager',
  };
  readonly rediscoverOn = { settings: ['devops.alertmanager', 'devops.monitor.serviceLabel'] };
  readonly layouts;
  readonly details;
  readonly commands;
  private readonly credentials: AlertmanagerCredentials;
  private readonly disposables: vscode.Disposable[] = [];
  private sources = new Map<string, MappedSource<AlertmanagerSource>>();

  constructor(
    private readonly host: ServiceHost,
    private readonly monitor: MonitorSupport,
  ) {
    this.credentials = new AlertmanagerCredentials(host.context.secrets);
    this.layouts = {
      monitor: alertmanagerLayout({
        health: (source) => host.hub.getHealth(source),
        label: (source) => this.sources.get(source)?.label,
        now: Date.now,
      }),
    };
    this.details = alertmanagerDetailsContributor((reference, alert) => monitor.mapReference(reference, alert));
    this.commands = alertmanagerCommands({
      host,
      monitor,
      credentials: this.credentials,
      settings: readAlertmanagerSettings,
      sourceOf: (id) => this.sources.get(id),
      family: this.display.family,
    });
    this.disposables.push(
      this.credentials.onDidChange(() => host.rediscover(this.display.family)),
      monitor.onDidChangeMapping(() => host.rediscover(this.display.family)),
    );
  }

  /** One source per configured instance, with its stored credential; the instances that cannot be used are said on the view. */
  async discover(): Promise<Discovery> {
    const { log } = this.host;
    const settings = readAlertmanagerSettings();
    for (const problem of settings.problems) log.warn(`Monitor: devops.alertmanager.instances: ${problem}`);
    const problems = settings.problems.map((p) => `Alertmanager ${p}`);
    const sources = new Map<string, MappedSource<AlertmanagerSource>>();
    for (const instance of settings.instances) {
      try {
        const credential = await this.credentials.get(instance.url);
        const inner = new AlertmanagerSource(this.host.http, instance, {
          credential,
          serviceLabels: this.monitor.settings.serviceLabels,
          resolveFile: (reference, alert) => this.monitor.fileResolver.anchor(reference, alert.service),
          logger: log,
        });
        sources.set(inner.id, this.monitor.wrap(inner, { notifies: true }));
      } catch (err) {
        const message = `Alertmanager instance "${instance.name}": ${errorMessage(err)}`;
        log.error(`Monitor: ${message}`);
        problems.push(message);
      }
    }
    this.monitor.setProblems(this.display.family, problems);
    this.sources = sources;
    return { sources: [...sources.values()].map((source) => ({ source, poll: this.monitor.timing })) };
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
