import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import { sentryLayout } from '../../sources/sentry';
import { mapStackFrame } from '../../sources/sentry';
import { SentrySource } from '../../sources/sentry';
import { notify } from '../notify';
import type { DevOpsService, Discovery } from '../service';
import type { ServiceHost } from '../serviceHost';
import type { MonitorSupport } from '../monitor/monitorSupport';
import { applicationSetting } from '../monitor/settings';
import { SentryCredentials } from './credentials';
import { sentryDetailsContributor } from './details';
import { readSentrySettings } from './settings';

/**
 * Sentry: the unresolved issues of the configured organization (or projects) in the Monitor view,
 * with the stack frames of their latest event mapped into the workspace (Problems, gutter, hover).
 */
export class SentryService implements DevOpsService {
  readonly display = { family: 'sentry', name: 'Sentry', icon: 'bug', openLabel: 'Open in Sentry', problemsLabel: () => 'Sentry' };
  readonly rediscoverOn = { settings: ['devops.sentry'] };
  readonly layouts;
  readonly details = sentryDetailsContributor();
  readonly commands;
  private readonly credentials: SentryCredentials;
  private readonly disposables: vscode.Disposable[] = [];
  private label: string | undefined;

  constructor(
    private readonly host: ServiceHost,
    private readonly monitor: MonitorSupport,
  ) {
    this.credentials = new SentryCredentials(host.context.secrets);
    this.layouts = {
      monitor: sentryLayout({ health: (source) => host.hub.getHealth(source), label: () => this.label, now: Date.now }),
    };
    this.commands = { 'devops.setSentryToken': () => this.setToken() };
    this.disposables.push(
      this.credentials.onDidChange(() => host.rediscover(this.display.family)),
      monitor.onDidChangeMapping(() => host.rediscover(this.display.family)),
    );
  }

  async discover(): Promise<Discovery> {
    const settings = readSentrySettings();
    if (!settings) {
      this.monitor.setProblems(this.display.family, []);
      return { sources: [] };
    }
    try {
      const credential = await this.credentials.get(settings.baseUrl);
      if (!credential) this.host.log.info('Monitor: no Sentry token stored; run "DevOps: Set Sentry Token…"');
      const resolver = () => this.monitor.fileResolver;
      const inner = new SentrySource(this.host.http, settings, {
        credential,
        mapFrame: (frame, issue) => {
          const r = resolver();
          // A few hundred frames per refresh at most: they are mapped afresh each time.
          return mapStackFrame(frame, r.index, r.mappings, { preferredRoots: r.preferredRootsOf(issue.project?.slug) });
        },
        logger: this.host.log,
      });
      this.label = inner.label;
      this.monitor.setProblems(this.display.family, []);
      return { sources: [{ source: this.monitor.wrap(inner, { notifies: false }), poll: this.monitor.timing }] };
    } catch (err) {
      const message = `Sentry: ${errorMessage(err)}`;
      this.host.log.error(`Monitor: ${message}`);
      this.monitor.setProblems(this.display.family, [message]);
      return { sources: [] };
    }
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private async setToken(): Promise<void> {
    const baseUrl = applicationSetting<string>('sentry.url') ?? 'https://sentry.io';
    const origin = new URL(baseUrl).origin;
    const token = await this.host.prompter().input({
      title: `Sentry auth token for ${origin}`,
      prompt: 'An auth token with event:read, project:read and org:read scopes. Leave empty to forget the stored one.',
      password: true,
      ignoreFocusOut: true,
    });
    if (token === undefined) return;
    await this.credentials.set(baseUrl, token.trim() || undefined);
    await this.host.discoverNow(this.display.family);
    void notify('info', token.trim() ? `DevOps: Sentry token saved; it is sent only to ${origin}.` : 'DevOps: Sentry token removed.');
  }
}
