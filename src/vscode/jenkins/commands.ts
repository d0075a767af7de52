import * as vscode from 'vscode';
import { oneLine } from '../../core/format';
import type { SignalHub } from '../../core/hub';
import type { Signal } from '../../core/signal';
import type { JobParameter } from '../../sources/jenkins';
import { resolveSignal } from '../commands';
import { CommandCancelled } from '../guardedCommand';
import { notify } from '../notify';
import type { Prompter } from '../prompter';
import type { ServiceHost } from '../serviceHost';
import type { LogStyles } from '../logs/logStyles';
import type { JenkinsConnection } from './connection';
import type { JenkinsCredentials } from './credentials';
import { buildLogUri } from './jobLog';
import type { JenkinsInstance } from './settings';

export interface JenkinsCommandDeps {
  hub: SignalHub;
  credentials: JenkinsCredentials;
  prompter: () => Prompter;
  chooseSignal: ServiceHost['chooseSignal'];
  logStyles: LogStyles;
  instances(): JenkinsInstance[];
  connections(): JenkinsConnection[];
  connectionOf(sourceId: string): JenkinsConnection | undefined;
  reconnect(): Promise<void>;
  refreshNow(sourceId: string): Promise<void>;
}

/** The Jenkins commands; every failure is shown and logged by the guarded wrapper. */
export function jenkinsCommands(deps: JenkinsCommandDeps): Record<string, (arg?: unknown) => unknown> {
  return {
    'devops.jenkins.setToken': () => setToken(deps),
    'devops.jenkins.buildNow': (arg) => buildNow(deps, arg),
    'devops.jenkins.rebuild': (arg) => rebuild(deps, arg),
    'devops.jenkins.abort': (arg) => abort(deps, arg),
    'devops.jenkins.showLog': (arg) => showLog(deps, arg),
  };
}

async function setToken(deps: JenkinsCommandDeps) {
  const instances = deps.instances();
  if (instances.length === 0) throw new Error('add the Jenkins instance to the devops.jenkins.instances setting (url and user) first.');
  const ask = deps.prompter();
  const instance =
    instances.length === 1
      ? instances[0]
      : (
          await ask.pick(
            instances.map((i) => ({ label: new URL(i.base).host, description: i.base, instance: i })),
            { title: 'Set Jenkins Token: which Jenkins', placeHolder: 'The token is sent to this server only' },
          )
        )?.instance;
  if (!instance) return undefined;
  if (!instance.user)
    throw new Error(
      `add "user" to the entry of ${instance.base} in devops.jenkins.instances: Jenkins takes an API token with its user name.`,
    );
  const token = await ask.input({
    title: `Jenkins API token of ${instance.user} at ${instance.origin}`,
    prompt: 'From your Jenkins user page: Security → API Token → Add new token. Leave empty to forget the stored one.',
    password: true,
    ignoreFocusOut: true,
  });
  if (token === undefined) return undefined;
  await deps.credentials.set(instance.origin, token.trim() || undefined);
  await deps.reconnect();
  void notify('info', `DevOps: Jenkins token ${token.trim() ? 'stored' : 'removed'} for ${instance.origin}; it is sent only there.`);
  return instance.origin;
}

interface JobTarget {
  connection: JenkinsConnection;
  job: string[];
  run?: Signal;
}

/** The job a command is about: the given run's (or stage's), else one the user picks among the jobs read. */
async function jobTarget(deps: JenkinsCommandDeps, arg: unknown, title: string): Promise<JobTarget> {
  const signal = resolveSignal(deps.hub, arg);
  if (signal) return runTarget(deps, signal);
  const jobs = deps
    .connections()
    .filter((c) => c.hasToken)
    .flatMap((c) =>
      [...c.source.jobsRead.values()].map((j) => ({ label: j.path.join(' » '), description: c.instance.base, connection: c, job: j.path })),
    );
  const picked = await deps.prompter().pick(jobs, { title, matchOnDescription: true });
  if (!picked) throw new CommandCancelled();
  return { connection: picked.connection, job: picked.job };
}

function runTarget(deps: JenkinsCommandDeps, signal: Signal): JobTarget {
  const run = signal.kind === 'pipelineRun' ? signal : signal.parentId ? deps.hub.get(signal.parentId) : undefined;
  const top = run?.kind === 'pipelineRun' ? run : run?.parentId ? deps.hub.get(run.parentId) : undefined;
  const jenkins = top?.detail?.jenkins as { job?: string[]; number?: number } | undefined;
  const connection = top && deps.connectionOf(top.source);
  if (!top || !jenkins?.job || !connection) throw new Error(`${oneLine(signal.title, 60)} is not a build of a connected Jenkins.`);
  if (!connection.hasToken) throw new Error(`set a Jenkins token for ${connection.instance.origin} first.`);
  return { connection, job: jenkins.job, run: top };
}

async function buildNow(deps: JenkinsCommandDeps, arg: unknown) {
  const { connection, job } = await jobTarget(deps, arg, 'Build Now: which Jenkins job');
  const definitions = await connection.source.parameters(job);
  const values = definitions.length ? await askParameters(deps.prompter(), job, definitions) : undefined;
  return queue(deps, connection, job, values);
}

async function rebuild(deps: JenkinsCommandDeps, arg: unknown) {
  const { connection, job, run } = await jobTarget(deps, arg, 'Rebuild: which Jenkins job');
  const definitions = await connection.source.parameters(job);
  const previous = (run?.detail?.parameters ?? {}) as Record<string, string>;
  const values = definitions.length
    ? Object.fromEntries(definitions.map((d) => [d.name, previous[d.name] ?? d.defaultValue ?? '']))
    : undefined;
  return queue(deps, connection, job, values);
}

async function queue(deps: JenkinsCommandDeps, connection: JenkinsConnection, job: string[], values: Record<string, string> | undefined) {
  const name = job.join(' » ');
  const location = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Jenkins: starting a build of ${name}…` },
    () => connection.source.build(job, values),
  );
  void notify('info', `Jenkins: a build of ${name} is queued.`);
  void deps.refreshNow(connection.source.id);
  return location;
}

async function askParameters(ask: Prompter, job: string[], definitions: readonly JobParameter[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const d of definitions) {
    const title = `Build ${job.join(' » ')}: ${d.name}`;
    let value: string | undefined;
    if (d.choices?.length) {
      value = (
        await ask.pick(
          d.choices.map((c) => ({ label: c, description: c === d.defaultValue ? 'default' : undefined })),
          { title, placeHolder: d.description },
        )
      )?.label;
    } else if (/Boolean/.test(d.type)) {
      value = (await ask.pick([{ label: 'true' }, { label: 'false' }], { title, placeHolder: d.description }))?.label;
    } else {
      value = await ask.input({
        title,
        prompt: d.description,
        value: d.defaultValue ?? '',
        password: /Password/.test(d.type),
        ignoreFocusOut: true,
      });
    }
    if (value === undefined) throw new CommandCancelled();
    out[d.name] = value;
  }
  return out;
}

async function abort(deps: JenkinsCommandDeps, arg: unknown) {
  const signal = resolveSignal(deps.hub, arg);
  if (!signal) throw new Error('pick a running Jenkins build to abort.');
  const { connection, job, run } = runTarget(deps, signal);
  const number = run?.detail?.number as number;
  await connection.source.abort(job, number);
  void notify('info', `Jenkins: ${job.join(' » ')} #${number} is being aborted.`);
  await deps.refreshNow(connection.source.id);
}

async function showLog(deps: JenkinsCommandDeps, arg: unknown) {
  const builds = deps.hub.query({ kind: 'pipelineRun' }).filter((s) => deps.connectionOf(s.source));
  const signal = await deps.chooseSignal({ arg, candidates: builds, title: 'Show Jenkins Log' });
  if (!signal) throw new Error('pick a Jenkins build to show its log.');
  const { connection, job, run } = runTarget(deps, signal);
  const uri = buildLogUri(connection, job, run?.detail?.number as number);
  const document = await vscode.workspace.openTextDocument(uri);
  await deps.logStyles.show(document);
  return uri.toString();
}
