import * as vscode from 'vscode';
import { oneLine } from '../../core/format';
import type { SignalHub } from '../../core/hub';
import type { Signal } from '../../core/signal';
import type { PagerDutySource } from '../../sources/pagerduty';
import { resolveSignal } from '../commands';
import { CommandCancelled } from '../guardedCommand';
import { notify } from '../notify';
import type { Prompter } from '../prompter';
import type { ServiceHost } from '../serviceHost';
import type { PagerDutyCredentials } from './credentials';
import { pagerDutySettings } from './settings';

const EMAIL_KEY = 'devops.pagerduty.fromEmail';

export interface PagerDutyCommandDeps {
  hub: SignalHub;
  credentials: PagerDutyCredentials;
  globalState: vscode.Memento;
  prompter: () => Prompter;
  chooseSignal: ServiceHost['chooseSignal'];
  source(): PagerDutySource | undefined;
  reconnect(): Promise<void>;
  refreshNow(sourceId: string): Promise<void>;
}

export function pagerdutyCommands(deps: PagerDutyCommandDeps): Record<string, (arg?: unknown) => unknown> {
  return {
    'devops.pagerduty.setToken': () => setToken(deps),
    'devops.pagerduty.acknowledge': (arg) => update(deps, arg, 'acknowledged'),
    'devops.pagerduty.resolve': (arg) => update(deps, arg, 'resolved'),
    'devops.pagerduty.open': (arg) => open(deps, arg),
  };
}

async function setToken(deps: PagerDutyCommandDeps) {
  const { endpoints } = pagerDutySettings();
  const origin = new URL(endpoints.rest).origin;
  const key = await deps.prompter().input({
    title: `PagerDuty API key for ${origin}`,
    prompt:
      'A REST API key (a user key acts as you; a general key needs your email for acknowledge and resolve). Leave empty to forget it.',
    password: true,
    ignoreFocusOut: true,
  });
  if (key === undefined) return undefined;
  const routing = await deps.prompter().input({
    title: `PagerDuty Events API v2 integration key for ${new URL(endpoints.events).origin} (optional)`,
    prompt: "The Integration Key of a service's Events API v2 integration: Report Incident can then page through it. Leave empty for none.",
    password: true,
    ignoreFocusOut: true,
  });
  if (routing === undefined) return undefined;
  await deps.credentials.set(endpoints.rest, key.trim() || undefined);
  await deps.credentials.setRoutingKey(endpoints.events, key.trim() ? routing.trim() || undefined : undefined);
  await deps.reconnect();
  void notify('info', `DevOps: PagerDuty API key ${key.trim() ? 'stored' : 'removed'} for ${origin}; it is sent only there.`);
  return origin;
}

async function incidentOf(deps: PagerDutyCommandDeps, arg: unknown, title: string): Promise<{ source: PagerDutySource; incident: Signal }> {
  const source = deps.source();
  if (!source) throw new Error('store a PagerDuty API key first (DevOps: Set PagerDuty API Key…).');
  let incident = resolveSignal(deps.hub, arg);
  if (!incident) {
    const open = deps.hub.query({ kind: 'incident', source: source.id }).filter((s) => s.state.normal === 'open');
    incident = await deps.chooseSignal({
      arg,
      candidates: open,
      title,
      describe: (s) => `${s.state.native} · ${String(s.detail?.service ?? '')}`,
    });
    if (!incident) throw new CommandCancelled();
  }
  if (incident.source !== source.id || typeof incident.detail?.incidentId !== 'string')
    throw new Error(`${oneLine(incident.title, 60)} is not a PagerDuty incident.`);
  return { source, incident };
}

/** PagerDuty's `From` header: the setting, else asked once and kept. */
async function fromEmail(deps: PagerDutyCommandDeps): Promise<string> {
  const configured = pagerDutySettings().email ?? deps.globalState.get<string>(EMAIL_KEY);
  if (configured) return configured;
  const email = await deps.prompter().input({
    title: 'PagerDuty: your email',
    prompt: 'PagerDuty records who acknowledged or resolved by the email of your PagerDuty user (the From header).',
    validateInput: (v) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? undefined : 'An email address'),
    ignoreFocusOut: true,
  });
  if (!email) throw new CommandCancelled();
  await deps.globalState.update(EMAIL_KEY, email.trim());
  return email.trim();
}

async function update(deps: PagerDutyCommandDeps, arg: unknown, status: 'acknowledged' | 'resolved') {
  const verb = status === 'acknowledged' ? 'Acknowledge' : 'Resolve';
  const { source, incident } = await incidentOf(deps, arg, `${verb} PagerDuty Incident`);
  const from = await fromEmail(deps);
  const id = String(incident.detail?.incidentId);
  const updated = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `PagerDuty: ${verb.toLowerCase()} ${oneLine(incident.title, 60)}` },
    () => (status === 'acknowledged' ? source.acknowledge(id, from) : source.resolve(id, from)),
  );
  if (updated) deps.hub.upsert([updated]);
  void deps.refreshNow(source.id);
  void notify('info', `DevOps: PagerDuty incident ${oneLine(incident.title, 60)} ${status}.`);
  return updated?.state.native ?? status;
}

async function open(deps: PagerDutyCommandDeps, arg: unknown) {
  const signal = resolveSignal(deps.hub, arg);
  if (!signal?.url) throw new Error('this PagerDuty item has no page to open.');
  await vscode.env.openExternal(vscode.Uri.parse(signal.url));
  return signal.url;
}
