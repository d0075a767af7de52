import * as vscode from 'vscode';
import { tagValue, type Signal } from '../../core/signal';
import { PagerDutySource, pagerdutyMonitorLayout } from '../../sources/pagerduty';
import type { DevOpsService, Discovery, IncidentDestination } from '../service';
import type { ServiceHost } from '../serviceHost';
import { pagerdutyCommands } from './commands';
import { PagerDutyCredentials } from './credentials';
import { pagerDutySettings, SECTION } from './settings';

const PAGERDUTY = 'PagerDuty';
const SEVERITIES: Record<string, 'critical' | 'error' | 'warning'> = { critical: 'critical', major: 'error', minor: 'warning' };

/** The Events API dedup key of a journal incident: resolving it in the journal resolves the same key on PagerDuty. */
export function dedupKeyOf(reportId: string): string {
  return `devops-feedback/${reportId}`;
}

/** On-call changes at shift boundaries and incidents move fast: 30 s after a change, backing off to 5 min. */
const POLL = { baseMs: 30_000, maxMs: 5 * 60_000 };

/**
 * PagerDuty (an API key in SecretStorage, the US or EU service region): who is on call now and next
 * for the chosen escalation policies, and the open incidents of the chosen services, in the Monitor
 * view; acknowledge, resolve and open them. An incident's details list the alerts of its service.
 */
export class PagerDutyService implements DevOpsService {
  readonly display = { family: 'pagerduty', name: 'PagerDuty', icon: 'flame', openLabel: 'Open in PagerDuty' };
  readonly rediscoverOn = {
    settings: [`${SECTION}.region`, `${SECTION}.apiUrl`, `${SECTION}.eventsUrl`, `${SECTION}.escalationPolicies`, `${SECTION}.services`],
  };
  readonly layouts = {
    monitor: pagerdutyMonitorLayout((ms) =>
      new Date(ms).toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' }),
    ),
  };
  readonly commands;
  readonly details = (signal: Signal) => {
    if (!signal.source.startsWith('pagerduty:') || signal.kind !== 'incident') return undefined;
    const d = signal.detail ?? {};
    const service = tagValue(signal, 'service');
    const related = service ? this.host.hub.query({ kind: 'alert' }).filter((a) => tagValue(a, 'service') === service) : [];
    return {
      sections: [
        {
          title: 'PagerDuty incident',
          rows: [
            { label: 'Status', value: String(d.status ?? signal.state.native) },
            { label: 'Urgency', value: String(d.urgency ?? '') },
            { label: 'Service', value: String(d.service ?? '') },
            {
              label: 'Assigned to',
              value: Array.isArray(d.assignees) && d.assignees.length ? (d.assignees as string[]).join(', ') : 'nobody',
            },
            ...(Array.isArray(d.acknowledgedBy) && d.acknowledgedBy.length
              ? [{ label: 'Acknowledged by', value: (d.acknowledgedBy as string[]).join(', ') }]
              : []),
          ],
        },
      ],
      actions: [
        ...(d.status === 'triggered' ? [{ id: 'devops.pagerduty.acknowledge', title: 'Acknowledge' }] : []),
        ...(signal.state.normal === 'open' ? [{ id: 'devops.pagerduty.resolve', title: 'Resolve' }] : []),
        { id: 'devops.pagerduty.open', title: 'Open in PagerDuty' },
      ],
      related,
    };
  };
  readonly incidentDestinations: IncidentDestination[] = [
    {
      label: 'PagerDuty',
      description: 'triggers an incident through the Events API v2 (resolved with it)',
      appliesTo: () => this.source !== undefined && this.routingKey !== undefined,
      report: async (r, input, context) => {
        if (!context) throw new Error('a PagerDuty incident needs the journal id of the report (its dedup key)');
        const { source, routingKey } = this.paging();
        const dedupKey = dedupKeyOf(context.reportId);
        await source.sendEvent({
          routingKey,
          action: 'trigger',
          dedupKey,
          summary: input.summary,
          severity: SEVERITIES[input.severity] ?? 'error',
          source: this.host.git.identitiesOf(r)[0] ?? r.repo.root,
          customDetails: {
            commit: input.commit,
            ...(input.file ? { file: input.file, lines: `${input.startLine ?? ''}-${input.endLine ?? ''}` } : {}),
            reportedFrom: 'DevOps Feedback Loop (git notes journal)',
          },
        });
        void this.host.refreshNow(source.id);
        // Recorded on the journal's report: Resolve Incident finds it there and resolves the same dedup key.
        return { service: PAGERDUTY, where: 'PagerDuty (Events API v2)', ref: dedupKey };
      },
      resolves: (posted) => posted.service === PAGERDUTY && typeof posted.ref === 'string',
      resolve: async (_r, posted) => {
        const { source, routingKey } = this.paging();
        await source.sendEvent({ routingKey, action: 'resolve', dedupKey: posted.ref! });
        void this.host.refreshNow(source.id);
      },
    },
  ];
  private source: PagerDutySource | undefined;
  private routingKey: string | undefined;
  private readonly credentials: PagerDutyCredentials;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly host: ServiceHost) {
    this.credentials = new PagerDutyCredentials(host.context.secrets);
    this.commands = pagerdutyCommands({
      hub: host.hub,
      credentials: this.credentials,
      globalState: host.context.globalState,
      prompter: () => host.prompter(),
      chooseSignal: (choice) => host.chooseSignal(choice),
      source: () => this.source,
      reconnect: () => host.discoverNow(this.display.family),
      refreshNow: (id) => host.refreshNow(id),
    });
    this.disposables.push(
      this.credentials,
      this.credentials.onDidChange(() => host.rediscover(this.display.family)),
    );
  }

  async discover(): Promise<Discovery> {
    const settings = pagerDutySettings();
    for (const problem of settings.problems) this.host.log.warn(`PagerDuty: ${problem}`);
    // Chosen policies or services, or just a stored key: then the services Monitor's alerts name are matched.
    const stored = await this.credentials.credential(settings.endpoints.rest);
    const configured = settings.escalationPolicies.length > 0 || settings.services.length > 0 || stored !== undefined;
    const credential = configured ? stored : undefined;
    this.source = credential
      ? new PagerDutySource({
          http: this.host.http,
          endpoints: settings.endpoints,
          credential,
          escalationPolicies: settings.escalationPolicies,
          services: settings.services,
          monitoredServices: () => [
            ...new Set(
              this.host.hub
                .query({ kind: 'alert' })
                .map((s) => tagValue(s, 'service'))
                .filter((name): name is string => !!name),
            ),
          ],
          logger: this.host.log,
        })
      : undefined;
    this.routingKey = credential ? await this.credentials.routingKey(settings.endpoints.events) : undefined;
    void vscode.commands.executeCommand('setContext', 'devops.pagerduty.configured', configured);
    void vscode.commands.executeCommand('setContext', 'devops.pagerduty.needsToken', configured && !credential);
    return { sources: this.source ? [{ source: this.source, poll: () => POLL }] : [] };
  }

  private paging(): { source: PagerDutySource; routingKey: string } {
    if (!this.source || !this.routingKey) throw new Error('store a PagerDuty API key and Events API v2 integration key first.');
    return { source: this.source, routingKey: this.routingKey };
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
