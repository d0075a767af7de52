import * as vscode from 'vscode';
import { oneLine, timeText } from '../../core/format';
import type { MappedSource } from '../../core/mappedSource';
import { tagValue, type Signal } from '../../core/signal';
import type { AlertmanagerSource } from '../../sources/alertmanager';
import type { SilenceSummary } from '../../sources/alertmanager';
import { formatMatchersText, parseMatchersText } from '../../sources/alertmanager';
import { parseDuration, prefillMatchers, SilenceValidationError } from '../../sources/alertmanager';
import { resolveSignal, safeWebUrl } from '../commands';
import { notify } from '../notify';
import type { ServiceHost } from '../serviceHost';
import type { MonitorSupport } from '../monitor/monitorSupport';
import type { AlertmanagerCredentials } from './credentials';
import { ALERTMANAGER_COMMANDS } from './details';
import type { AlertmanagerSettings } from './settings';

export interface AlertmanagerCommandDeps {
  host: ServiceHost;
  monitor: MonitorSupport;
  credentials: AlertmanagerCredentials;
  settings(): AlertmanagerSettings;
  /** The source behind an alert's `source` id, when that instance is configured. */
  sourceOf(sourceId: string): MappedSource<AlertmanagerSource> | undefined;
  family: string;
}

/** The Alertmanager commands: silence and expire from the view or the details panel, credentials, muting. */
export function alertmanagerCommands(deps: AlertmanagerCommandDeps): Record<string, (arg?: unknown) => unknown> {
  return {
    [ALERTMANAGER_COMMANDS.silence]: (arg) => silenceAlert(deps, arg),
    [ALERTMANAGER_COMMANDS.expire]: (arg) => expireSilence(deps, arg),
    [ALERTMANAGER_COMMANDS.openGenerator]: (arg) => openGeneratorUrl(deps, arg),
    'devops.setAlertmanagerCredentials': () => setCredentials(deps),
    'devops.muteService': (arg) => muteService(deps, arg),
  };
}

/** The alert a command is about: the tree row or id it was given, else one the user picks. */
async function alertFor(
  deps: AlertmanagerCommandDeps,
  arg: unknown,
  title: string,
  wanted: (s: Signal) => boolean,
): Promise<Signal | undefined> {
  const { hub } = deps.host;
  const given = resolveSignal(hub, arg);
  if (given) {
    if (given.kind === 'alert' && deps.sourceOf(given.source)) return given;
    void notify('warning', 'DevOps: this is not an alert of a configured Alertmanager instance.');
    return undefined;
  }
  const candidates = hub.query({ kind: 'alert' }).filter((s) => deps.sourceOf(s.source) && wanted(s));
  if (candidates.length === 0) {
    void notify('info', 'DevOps: no alert to choose from; refresh the Monitor view.');
    return undefined;
  }
  return deps.host.chooseSignal({
    arg,
    candidates,
    title,
    placeHolder: 'Alert',
    describe: (s) => `${tagValue(s, 'severity') ?? ''} · ${s.state.normal} · ${s.source}`,
  });
}

function sourceOf(deps: AlertmanagerCommandDeps, alert: Signal): MappedSource<AlertmanagerSource> {
  const source = deps.sourceOf(alert.source);
  if (!source) throw new Error(`${alert.source} is no longer configured`);
  return source;
}

async function silenceAlert(deps: AlertmanagerCommandDeps, arg: unknown): Promise<string | undefined> {
  const alert = await alertFor(deps, arg, 'Silence Alert', (s) => s.state.normal !== 'silenced');
  if (!alert) return undefined;
  const source = sourceOf(deps, alert);
  const ask = deps.host.prompter();
  const labels = (alert.detail?.labels ?? {}) as Record<string, string>;

  const matchersText = await ask.input({
    title: `Silence ${oneLine(alert.title, 60)} (1/3): matchers`,
    prompt:
      'Which alerts the silence covers: name="value", name!="value", name=~"regex", name!~"regex", separated by commas. Remove what should not pin it (e.g. instance).',
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

  const createdBy = await authorFor(deps, alert);
  if (!createdBy) return undefined;

  const id = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `DevOps: silencing on ${source.inner.config.name}…` },
    () => source.inner.createSilence({ matchers, duration, createdBy, comment }),
  );
  await deps.host.refreshNow(source.id);
  const until = Date.now() + (parseDuration(duration) ?? 0);
  void notify('info', `DevOps: silenced until ${timeText(until, Date.now())} (silence ${id}).`);
  return id;
}

/** The silence's author: the git identity of the alert's repository (or the first one), else asked. */
async function authorFor(deps: AlertmanagerCommandDeps, alert: Signal): Promise<string | undefined> {
  const { git } = deps.host;
  const repo = git.repositoryOf(alert.anchors.repo) ?? git.all()[0];
  const identity = await repo?.repo.userIdentity().catch(() => undefined);
  const known = identity?.name || identity?.email;
  if (known) return known;
  const typed = await deps.host.prompter().input({
    title: 'Silence Alert: your name',
    prompt: 'No user.name in git config: who creates this silence (createdBy)?',
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() ? undefined : 'A name is required'),
  });
  return typed?.trim() || undefined;
}

async function expireSilence(deps: AlertmanagerCommandDeps, arg: unknown): Promise<void> {
  const alert = await alertFor(deps, arg, 'Expire Silence', (s) => s.state.normal === 'silenced');
  if (!alert) return;
  const source = sourceOf(deps, alert);
  const known = Array.isArray(alert.detail?.silences) ? (alert.detail.silences as SilenceSummary[]) : [];
  const ids = known.length ? known.map((s) => s.id) : Array.isArray(alert.detail?.silencedBy) ? (alert.detail.silencedBy as string[]) : [];
  if (ids.length === 0) {
    void notify('info', 'DevOps: this alert has no silence to expire.');
    return;
  }
  let id = ids[0];
  if (ids.length > 1) {
    const picked = await deps.host.prompter().pick(
      ids.map((silenceId) => {
        const s = known.find((k) => k.id === silenceId);
        return {
          label: s ? `${s.createdBy}: ${oneLine(s.comment, 80)}` : silenceId,
          description: s ? `until ${timeText(s.endsAt, Date.now())}` : '',
          id: silenceId,
        };
      }),
      { title: 'Expire Silence', placeHolder: 'Which silence' },
    );
    if (!picked) return;
    id = picked.id;
  }
  await source.inner.expireSilence(id);
  await deps.host.refreshNow(source.id);
  void notify('info', `DevOps: silence ${id} expired.`);
}

async function openGeneratorUrl(deps: AlertmanagerCommandDeps, arg: unknown): Promise<void> {
  const alert = resolveSignal(deps.host.hub, arg);
  const raw = alert?.detail?.generatorURL;
  const url = typeof raw === 'string' ? safeWebUrl(raw) : undefined;
  if (!url) {
    void notify('info', 'DevOps: this alert has no generator URL.');
    return;
  }
  await vscode.env.openExternal(url);
}

async function setCredentials(deps: AlertmanagerCommandDeps): Promise<void> {
  const ask = deps.host.prompter();
  const instances = deps.settings().instances;
  if (instances.length === 0) {
    void notify('info', 'DevOps: no Alertmanager instance is configured (setting devops.alertmanager.instances).');
    return;
  }
  const instance =
    instances.length === 1
      ? instances[0]
      : (
          await ask.pick(
            instances.map((i) => ({ label: i.name, description: i.url, instance: i })),
            { title: 'Set Alertmanager Credentials', placeHolder: 'Instance' },
          )
        )?.instance;
  if (!instance) return;
  const kind = await ask.pick(
    [
      {
        label: 'Bearer token',
        description: 'Authorization: Bearer … (Grafana service account token, proxy token)',
        auth: 'bearer' as const,
      },
      { label: 'User name and password', description: 'Authorization: Basic …', auth: 'basic' as const },
      { label: 'No credentials', description: 'Forget what is stored for this server', auth: 'none' as const },
    ],
    { title: `Credentials for ${instance.name} (${new URL(instance.url).origin})`, placeHolder: 'How the server authenticates' },
  );
  if (!kind) return;
  if (kind.auth === 'none') {
    await deps.credentials.set(instance.url, undefined);
  } else if (kind.auth === 'bearer') {
    const token = await ask.input({
      title: `Bearer token for ${instance.name}`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (t) => (t.trim() ? undefined : 'Required'),
    });
    if (!token?.trim()) return;
    await deps.credentials.set(instance.url, { bearerToken: token.trim() });
  } else {
    const username = await ask.input({
      title: `User name for ${instance.name}`,
      ignoreFocusOut: true,
      validateInput: (t) => (t.trim() && !t.includes(':') ? undefined : 'Required, without ":"'),
    });
    if (!username?.trim()) return;
    const password = await ask.input({ title: `Password for ${username.trim()}`, password: true, ignoreFocusOut: true });
    if (password === undefined) return;
    await deps.credentials.set(instance.url, { username: username.trim(), password });
  }
  await deps.host.discoverNow(deps.family);
  void notify('info', `DevOps: credentials for ${instance.name} saved; they are sent only to ${new URL(instance.url).origin}.`);
}

async function muteService(deps: AlertmanagerCommandDeps, arg: unknown): Promise<void> {
  const { hub } = deps.host;
  let service = typeof arg === 'string' && !arg.includes(':') ? arg : undefined;
  const signal = service ? undefined : resolveSignal(hub, arg);
  service ??= signal && tagValue(signal, 'service');
  if (!service) {
    const services = [
      ...new Set(
        hub
          .query({ kind: 'alert' })
          .map((s) => tagValue(s, 'service'))
          .filter((s): s is string => !!s),
      ),
    ].sort();
    const picked = await deps.host.prompter().pick(
      services.map((label) => ({ label })),
      { title: 'Mute Service', placeHolder: 'No notifications for alerts of this service' },
    );
    service = picked?.label;
  }
  if (service) await deps.monitor.muteService(service);
}
