import * as path from 'node:path';
import * as vscode from 'vscode';
import { oneLine } from '../../core/format';
import { Signal, tagValue } from '../../core/signal';
import type { AlertmanagerSource } from '../../sources/alertmanager/alertmanagerSource';
import type { SilenceSummary } from '../../sources/alertmanager/mapping';
import { SilenceValidationError, parseDuration, prefillMatchers } from '../../sources/alertmanager/silence';
import { resolveSignal, safeWebUrl } from '../commands';
import { MonitorController } from './controller';
import { MONITOR_COMMANDS } from './details';
import { formatMatchersText, parseMatchersText } from './matcherText';
import type { MonitorSource } from './monitorSource';
import { timeText } from './monitorTree';
import { notify } from '../notify';
import { registerGuardedCommand } from '../guardedCommand';

/** The Monitor commands: silence and expire from the view or the details panel, credentials, muting. */
export function registerMonitorCommands(monitor: MonitorController): vscode.Disposable[] {
  const log = monitor.feature.log;
  const guarded = (name: string, fn: (...args: unknown[]) => Promise<unknown>) => registerGuardedCommand(name, fn, log);
  return [
    guarded(MONITOR_COMMANDS.silence, (arg) => silenceAlert(monitor, arg)),
    guarded(MONITOR_COMMANDS.expire, (arg) => expireSilence(monitor, arg)),
    guarded(MONITOR_COMMANDS.openGenerator, (arg) => openGeneratorUrl(monitor, arg)),
    guarded('devops.setAlertmanagerCredentials', () => setAlertmanagerCredentials(monitor)),
    guarded('devops.setSentryToken', () => setSentryToken(monitor)),
    guarded('devops.muteService', (arg) => muteService(monitor, arg)),
  ];
}

/** The alert a command is about: the tree row or id it was given, else one the user picks. */
async function alertFor(monitor: MonitorController, arg: unknown, title: string, wanted: (s: Signal) => boolean): Promise<Signal | undefined> {
  const { hub } = monitor.feature;
  const given = resolveSignal(hub, arg);
  if (given) {
    if (given.kind === 'alert' && monitor.alertSource(given.source)) return given;
    void notify('warning', 'DevOps: this is not an alert of a configured Alertmanager instance.');
    return undefined;
  }
  const candidates = hub.query({ kind: 'alert' }).filter((s) => monitor.alertSource(s.source) && wanted(s));
  if (candidates.length === 0) {
    void notify('info', 'DevOps: no alert to choose from; refresh the Monitor view.');
    return undefined;
  }
  const picked = await monitor.feature.prompter().pick(
    candidates.slice(0, 500).map((s) => ({ label: oneLine(s.title, 120), description: `${tagValue(s, 'severity') ?? ''} · ${s.state.normal} · ${s.source}`, signal: s })),
    { title, placeHolder: 'Alert', matchOnDescription: true },
  );
  return picked?.signal;
}

function sourceOf(monitor: MonitorController, alert: Signal): MonitorSource<AlertmanagerSource> {
  const source = monitor.alertSource(alert.source);
  if (!source) throw new Error(`${alert.source} is no longer configured`);
  return source;
}

/** Refreshes an instance now so the view and the editor show the new state. */
async function refreshNow(monitor: MonitorController, source: MonitorSource): Promise<void> {
  await monitor.feature.refresher.refresh(source, new AbortController().signal);
}

async function silenceAlert(monitor: MonitorController, arg: unknown): Promise<string | undefined> {
  const alert = await alertFor(monitor, arg, 'Silence Alert', (s) => s.state.normal !== 'silenced');
  if (!alert) return undefined;
  const source = sourceOf(monitor, alert);
  const ask = monitor.feature.prompter();
  const labels = (alert.detail?.labels ?? {}) as Record<string, string>;

  const matchersText = await ask.input({
    title: `Silence ${oneLine(alert.title, 60)} (1/3): matchers`,
    prompt: 'Which alerts the silence covers: name="value", name!="value", name=~"regex", name!~"regex", separated by commas. Remove what should not pin it (e.g. instance).',
    value: formatMatchersText(prefillMatchers(labels)),
    ignoreFocusOut: true,
    validateInput: (text) => {
      const { problems } = parseMatchersText(text);
      return problems.length ? problems.join('; ') : undefined;
    },
  });
  if (matchersText === undefined) return undefined;
  const { matchers, problems } = parseMatchersText(matchersText);
  if (problems.length) throw new SilenceValidationError(problems);

  const duration = await ask.input({
    title: 'Silence Alert (2/3): duration',
    prompt: 'How long, e.g. 30m, 2h, 1d, 1h30m',
    value: '2h',
    ignoreFocusOut: true,
    validateInput: (text) => (parseDuration(text) ? undefined : 'Use e.g. 30m, 2h, 1d or 1h30m'),
  });
  if (duration === undefined) return undefined;

  const comment = await ask.input({
    title: 'Silence Alert (3/3): comment',
    prompt: 'Why it is silenced (required; shown to everyone who sees the alert)',
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() ? undefined : 'A comment is required'),
  });
  if (comment === undefined) return undefined;

  const createdBy = await authorFor(monitor, alert);
  if (!createdBy) return undefined;

  const id = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `DevOps: silencing on ${source.inner.config.name}…` },
    () => source.inner.createSilence({ matchers, duration, createdBy, comment }),
  );
  await refreshNow(monitor, source);
  const until = Date.now() + (parseDuration(duration) ?? 0);
  void notify('info', `DevOps: silenced until ${timeText(until, Date.now())} (silence ${id}).`);
  return id;
}

/** The silence's author: the git identity of the alert's repository (or the first one), else asked. */
async function authorFor(monitor: MonitorController, alert: Signal): Promise<string | undefined> {
  const { git } = monitor.feature;
  const repo = (alert.anchors.repo && path.isAbsolute(alert.anchors.repo) ? git.repositoryFor(vscode.Uri.file(alert.anchors.repo)) : undefined) ?? git.all()[0];
  const identity = await repo?.repo.userIdentity().catch(() => undefined);
  const known = identity?.name || identity?.email;
  if (known) return known;
  const typed = await monitor.feature.prompter().input({
    title: 'Silence Alert: your name',
    prompt: 'No user.name in git config: who creates this silence (createdBy)?',
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() ? undefined : 'A name is required'),
  });
  return typed?.trim() || undefined;
}

async function expireSilence(monitor: MonitorController, arg: unknown): Promise<void> {
  const alert = await alertFor(monitor, arg, 'Expire Silence', (s) => s.state.normal === 'silenced');
  if (!alert) return;
  const source = sourceOf(monitor, alert);
  const known = Array.isArray(alert.detail?.silences) ? alert.detail.silences as SilenceSummary[] : [];
  const ids = known.length ? known.map((s) => s.id) : (Array.isArray(alert.detail?.silencedBy) ? alert.detail.silencedBy as string[] : []);
  if (ids.length === 0) {
    void notify('info', 'DevOps: this alert has no silence to expire.');
    return;
  }
  let id = ids[0];
  if (ids.length > 1) {
    const picked = await monitor.feature.prompter().pick(
      ids.map((silenceId) => {
        const s = known.find((k) => k.id === silenceId);
        return { label: s ? `${s.createdBy}: ${oneLine(s.comment, 80)}` : silenceId, description: s ? `until ${timeText(s.endsAt, Date.now())}` : '', id: silenceId };
      }),
      { title: 'Expire Silence', placeHolder: 'Which silence' },
    );
    if (!picked) return;
    id = picked.id;
  }
  await source.inner.expireSilence(id);
  await refreshNow(monitor, source);
  void notify('info', `DevOps: silence ${id} expired.`);
}

async function openGeneratorUrl(monitor: MonitorController, arg: unknown): Promise<void> {
  const alert = resolveSignal(monitor.feature.hub, arg);
  const raw = alert?.detail?.generatorURL;
  const url = typeof raw === 'string' ? safeWebUrl(raw) : undefined;
  if (!url) {
    void notify('info', 'DevOps: this alert has no generator URL.');
    return;
  }
  await vscode.env.openExternal(url);
}

async function setAlertmanagerCredentials(monitor: MonitorController): Promise<void> {
  const ask = monitor.feature.prompter();
  const instances = monitor.settings.instances;
  if (instances.length === 0) {
    void notify('info', 'DevOps: no Alertmanager instance is configured (setting devops.alertmanager.instances).');
    return;
  }
  const instance = instances.length === 1 ? instances[0] : (await ask.pick(
    instances.map((i) => ({ label: i.name, description: i.url, instance: i })),
    { title: 'Set Alertmanager Credentials', placeHolder: 'Instance' },
  ))?.instance;
  if (!instance) return;
  const kind = await ask.pick([
    { label: 'Bearer token', description: 'Authorization: Bearer … (Grafana service account token, proxy token)', auth: 'bearer' as const },
    { label: 'User name and password', description: 'Authorization: Basic …', auth: 'basic' as const },
    { label: 'No credentials', description: 'Forget what is stored for this server', auth: 'none' as const },
  ], { title: `Credentials for ${instance.name} (${new URL(instance.url).origin})`, placeHolder: 'How the server authenticates' });
  if (!kind) return;
  if (kind.auth === 'none') {
    await monitor.credentials.setAlertmanager(instance.url, undefined);
  } else if (kind.auth === 'bearer') {
    const token = await ask.input({ title: `Bearer token for ${instance.name}`, password: true, ignoreFocusOut: true, validateInput: (t) => (t.trim() ? undefined : 'Required') });
    if (!token?.trim()) return;
    await monitor.credentials.setAlertmanager(instance.url, { bearerToken: token.trim() });
  } else {
    const username = await ask.input({ title: `User name for ${instance.name}`, ignoreFocusOut: true, validateInput: (t) => (t.trim() && !t.includes(':') ? undefined : 'Required, without ":"') });
    if (!username?.trim()) return;
    const password = await ask.input({ title: `Password for ${username.trim()}`, password: true, ignoreFocusOut: true });
    if (password === undefined) return;
    await monitor.credentials.setAlertmanager(instance.url, { username: username.trim(), password });
  }
  // Storing fires SecretStorage's change event, which rebuilds the sources; wait for it here too.
  await monitor.rebuild();
  void notify('info', `DevOps: credentials for ${instance.name} saved; they are sent only to ${new URL(instance.url).origin}.`);
}

async function setSentryToken(monitor: MonitorController): Promise<void> {
  const baseUrl = vscode.workspace.getConfiguration('devops.sentry').inspect<string>('url')?.globalValue ?? 'https://sentry.io';
  const origin = new URL(baseUrl).origin;
  const token = await monitor.feature.prompter().input({
    title: `Sentry auth token for ${origin}`,
    prompt: 'An auth token with event:read, project:read and org:read scopes. Leave empty to forget the stored one.',
    password: true,
    ignoreFocusOut: true,
  });
  if (token === undefined) return;
  await monitor.credentials.setSentry(baseUrl, token.trim() || undefined);
  await monitor.rebuild();
  void notify('info', token.trim() ? `DevOps: Sentry token saved; it is sent only to ${origin}.` : 'DevOps: Sentry token removed.');
}

async function muteService(monitor: MonitorController, arg: unknown): Promise<void> {
  let service = typeof arg === 'string' && !arg.includes(':') ? arg : undefined;
  const signal = service ? undefined : resolveSignal(monitor.feature.hub, arg);
  service ??= signal && tagValue(signal, 'service');
  if (!service) {
    const services = [...new Set(monitor.feature.hub.query({ kind: 'alert' }).map((s) => tagValue(s, 'service')).filter((s): s is string => !!s))].sort();
    const picked = await monitor.feature.prompter().pick(services.map((label) => ({ label })), { title: 'Mute Service', placeHolder: 'No notifications for alerts of this service' });
    service = picked?.label;
  }
  if (service) await monitor.muteService(service);
}
