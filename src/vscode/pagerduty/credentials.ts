import * as vscode from 'vscode';
import type { Credential } from '../../http/types';
import { pagerDutyCredential } from '../../sources/pagerduty';

const PREFIX = 'devops.pagerduty.token/';
const ROUTING_PREFIX = 'devops.pagerduty.routingKey/';

/** PagerDuty REST API keys in SecretStorage, one per API origin, sent as `Authorization: Token token=…` to that origin only. */
export class PagerDutyCredentials implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) this.changeEmitter.fire();
    });
  }

  async credential(restUrl: string): Promise<Credential | undefined> {
    const origin = new URL(restUrl).origin;
    const key = await this.secrets.get(PREFIX + origin);
    return key ? pagerDutyCredential(origin, key) : undefined;
  }

  async set(restUrl: string, key: string | undefined): Promise<void> {
    const origin = new URL(restUrl).origin;
    if (key) await this.secrets.store(PREFIX + origin, key);
    else await this.secrets.delete(PREFIX + origin);
  }

  /** The Events API v2 integration key (routing key) Report Incident triggers with; one per events origin. */
  routingKey(eventsUrl: string): Thenable<string | undefined> {
    return this.secrets.get(`${ROUTING_PREFIX}${new URL(eventsUrl).origin}`);
  }

  async setRoutingKey(eventsUrl: string, key: string | undefined): Promise<void> {
    const name = `${ROUTING_PREFIX}${new URL(eventsUrl).origin}`;
    if (key) await this.secrets.store(name, key);
    else await this.secrets.delete(name);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
