import * as vscode from 'vscode';
import type { Credential } from '../../http/types';
import { ServiceSecrets } from '../serviceSecrets';
import { pagerDutyCredential } from '../../sources/pagerduty';

const PREFIX = 'devops.pagerduty.token/';
const ROUTING_PREFIX = 'devops.pagerduty.routingKey/';

/** PagerDuty REST API keys in SecretStorage, one per API origin, sent as `Authorization: Token token=…` to that origin only. */
export class PagerDutyCredentials implements vscode.Disposable {
  private readonly apiKeys: ServiceSecrets;
  private readonly routingKeys: ServiceSecrets;
  readonly onDidChange: vscode.Event<void>;

  constructor(secrets: vscode.SecretStorage) {
    this.apiKeys = new ServiceSecrets(secrets, PREFIX);
    this.routingKeys = new ServiceSecrets(secrets, ROUTING_PREFIX);
    this.onDidChange = this.apiKeys.onDidChange;
  }

  async credential(restUrl: string): Promise<Credential | undefined> {
    const origin = new URL(restUrl).origin;
    const key = await this.apiKeys.get(origin);
    return key ? pagerDutyCredential(origin, key) : undefined;
  }

  set(restUrl: string, key: string | undefined): Promise<void> {
    return this.apiKeys.set(new URL(restUrl).origin, key);
  }

  /** The Events API v2 integration key (routing key) Report Incident triggers with; one per events origin. */
  routingKey(eventsUrl: string): Promise<string | undefined> {
    return this.routingKeys.get(new URL(eventsUrl).origin);
  }

  setRoutingKey(eventsUrl: string, key: string | undefined): Promise<void> {
    return this.routingKeys.set(new URL(eventsUrl).origin, key);
  }

  dispose(): void {
    this.apiKeys.dispose();
    this.routingKeys.dispose();
  }
}
