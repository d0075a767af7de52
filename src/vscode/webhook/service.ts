import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PostedTo } from '../../sources/git';
import { deployPayload, incidentPayload, postToWebhook } from '../../sources/webhook';
import type { WorkspaceRepository } from '../git/gitWorkspace';
import { notify } from '../notify';
import type { DeployDestination, DevOpsService, IncidentDestination } from '../service';
import type { ServiceHost } from '../serviceHost';

/** The named webhooks, as one JSON list in SecretStorage (the URLs are secrets: never in settings). */
const KEY = 'devops.webhook.hooks';
const NAME = /^[#\w][\w .#@-]{0,59}$/;

interface Hook {
  name: string;
  url: string;
}

/**
 * Chat incoming webhooks (Slack format; Mattermost, Rocket.Chat and others take it) as places deploy
 * and incident reports also go: `DevOps: Add Chat Webhook…` stores a named URL in SecretStorage only,
 * each webhook becomes a destination of Report Deploy / Report Incident, a failed post is retried
 * once and, if it still fails, the report stays in the git journal and the user is told why.
 */
export class WebhookService implements DevOpsService {
  readonly display = { family: 'webhook', name: 'Chat webhook', icon: 'broadcast', openLabel: 'Open the link' };
  readonly deployDestinations: DeployDestination[] = [];
  readonly incidentDestinations: IncidentDestination[] = [];
  readonly commands: Record<string, (...args: unknown[]) => unknown>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly host: ServiceHost,
    private readonly retryDelayMs = 1000,
  ) {
    this.commands = {
      'devops.webhook.add': () => this.add(),
      'devops.webhook.remove': () => this.remove(),
    };
    this.disposables.push(
      host.context.secrets.onDidChange((e) => {
        if (e.key === KEY) void this.load();
      }),
    );
  }

  async discover(): Promise<{ sources: [] }> {
    await this.load();
    return { sources: [] };
  }

  private async hooks(): Promise<Hook[]> {
    try {
      const raw = JSON.parse((await this.host.context.secrets.get(KEY)) ?? '[]') as unknown;
      return Array.isArray(raw) ? raw.filter((h): h is Hook => typeof h?.name === 'string' && typeof h?.url === 'string') : [];
    } catch {
      return []; // a damaged entry counts as none; adding a webhook again replaces it
    }
  }

  private async load(): Promise<void> {
    const hooks = await this.hooks();
    this.deployDestinations.length = 0;
    this.incidentDestinations.length = 0;
    for (const hook of hooks) {
      const where = `Slack ${hook.name}`;
      const description = 'chat webhook';
      this.deployDestinations.push({
        label: where,
        description,
        appliesTo: () => true,
        report: async (r, input) => this.send(hook, where, deployPayload({ ...input, repo: repoIdentity(this.host, r) })),
      });
      this.incidentDestinations.push({
        label: where,
        description,
        appliesTo: () => true,
        report: async (r, input) => this.send(hook, where, incidentPayload({ ...input, repo: repoIdentity(this.host, r) })),
      });
    }
  }

  private async send(hook: Hook, where: string, payload: ReturnType<typeof deployPayload>): Promise<PostedTo> {
    await postToWebhook(hook.name, hook.url, payload, { http: this.host.http, retryDelayMs: this.retryDelayMs });
    return { service: 'Slack', where };
  }

  private async add(): Promise<string | undefined> {
    const ask = this.host.prompter();
    const existing = await this.hooks();
    const name = await ask.input({
      title: 'Add Chat Webhook: name',
      prompt: 'How reports will say it, e.g. #deploys',
      validateInput: (v) => (NAME.test(v.trim()) ? undefined : 'Letters, digits, spaces and . # @ - (at most 60)'),
    });
    if (!name?.trim()) return undefined;
    const url = await ask.input({
      title: `Add Chat Webhook: incoming-webhook URL for ${name.trim()}`,
      prompt: 'Slack, Mattermost or any Slack-compatible incoming webhook (https). Stored in the OS keychain only.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => {
        try {
          const u = new URL(v.trim());
          return u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(u.hostname))
            ? undefined
            : 'An https URL';
        } catch {
          return 'Not a URL';
        }
      },
    });
    if (!url?.trim()) return undefined;
    const hooks = [...existing.filter((h) => h.name !== name.trim()), { name: name.trim(), url: url.trim() }];
    await this.host.context.secrets.store(KEY, JSON.stringify(hooks));
    await this.load();
    void notify('info', `DevOps: chat webhook ${name.trim()} stored; Report Deploy and Report Incident can send to it.`);
    return name.trim();
  }

  private async remove(): Promise<string | undefined> {
    const hooks = await this.hooks();
    if (hooks.length === 0) {
      void notify('info', 'DevOps: no chat webhook stored.');
      return undefined;
    }
    const pick = await this.host.prompter().pick(
      hooks.map((h) => ({ label: h.name, hook: h })),
      { title: 'Remove Chat Webhook' },
    );
    if (!pick) return undefined;
    await this.host.context.secrets.store(KEY, JSON.stringify(hooks.filter((h) => h.name !== pick.hook.name)));
    await this.load();
    return pick.hook.name;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function repoIdentity(host: ServiceHost, r: WorkspaceRepository): string | undefined {
  return host.git.identitiesOf(r).find((i) => !path.isAbsolute(i));
}
