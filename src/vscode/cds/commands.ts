import * as vscode from 'vscode';
import { oneLine } from '../../core/format';
import type { SignalHub } from '../../core/hub';
import type { Signal } from '../../core/signal';
import { rootNodeIds, type CdsRef, type WorkflowRef } from '../../sources/cds';
import { resolveSignal } from '../commands';
import { CommandCancelled } from '../guardedCommand';
import { notify } from '../notify';
import type { Prompter } from '../prompter';
import type { ServiceHost } from '../serviceHost';
import type { LogStyles } from '../logs/logStyles';
import type { CdsConnection } from './connection';
import type { ServiceSecrets } from '../serviceSecrets';
import { stepLogUri } from './jobLog';
import type { CdsInstance } from './settings';

export interface CdsCommandDeps {
  hub: SignalHub;
  credentials: ServiceSecrets;
  prompter: () => Prompter;
  chooseSignal: ServiceHost['chooseSignal'];
  logStyles: LogStyles;
  instances(): Promise<CdsInstance[]>;
  connections(): CdsConnection[];
  connectionOf(sourceId: string): CdsConnection | undefined;
  reconnect(): Promise<void>;
  refreshNow(sourceId: string): Promise<void>;
  /** Reads a step log again when its document is still open (jobLog.ts). */
  reloadLog(uri: vscode.Uri): Promise<void>;
}

/** The CDS commands; every failure is shown and logged by the guarded wrapper. */
export function cdsCommands(deps: CdsCommandDeps): Record<string, (arg?: unknown) => unknown> {
  return {
    'devops.cds.setToken': () => setToken(deps),
    'devops.cds.runWorkflow': (arg) => runWorkflow(deps, arg),
    'devops.cds.restartRun': (arg) => restartRun(deps, arg),
    'devops.cds.stopRun': (arg) => stopRun(deps, arg),
    'devops.cds.showStepLog': (arg) => showStepLog(deps, arg),
  };
}

async function setToken(deps: CdsCommandDeps) {
  const instances = await deps.instances();
  if (instances.length === 0) throw new Error('add the CDS API to the devops.cds.instances setting (its url) first.');
  const ask = deps.prompter();
  const instance =
    instances.length === 1
      ? instances[0]
      : (
          await ask.pick(
            instances.map((i) => ({ label: new URL(i.base).host, description: i.base, instance: i })),
            { title: 'Set CDS Token: which CDS', placeHolder: 'The token is sent to this server only' },
          )
        )?.instance;
  if (!instance) return undefined;
  const token = await ask.input({
    title: `CDS sign-in token for ${instance.origin}`,
    prompt:
      'The sign-in token of a builtin consumer (CDS: Profile → Consumers → New, scopes Project and Run; or cdsctl consumer new). Leave empty to forget the stored one.',
    password: true,
    ignoreFocusOut: true,
  });
  if (token === undefined) return undefined;
  await deps.credentials.set(instance.origin, token.trim() || undefined);
  await deps.reconnect();
  void notify('info', `DevOps: CDS token ${token.trim() ? 'stored' : 'removed'} for ${instance.origin}; it is sent only there.`);
  return instance.origin;
}

interface Target {
  connection: CdsConnection;
  ref: CdsRef;
  run: Signal;
}

/** The run a signal is or belongs to (a job's, a step's), with its connection. */
function runTarget(deps: CdsCommandDeps, signal: Signal): Target {
  let run: Signal | undefined = signal;
  for (let i = 0; run && run.kind !== 'pipelineRun' && i < 3; i++) run = run.parentId ? deps.hub.get(run.parentId) : undefined;
  const ref = run?.detail?.cds as CdsRef | undefined;
  const connection = run && deps.connectionOf(run.source);
  if (!run || run.kind !== 'pipelineRun' || !ref || !connection)
    throw new Error(`${oneLine(signal.title, 60)} is not a run of a connected CDS.`);
  if (!connection.hasToken) throw new Error(`set a CDS token for ${connection.instance.origin} first.`);
  return { connection, ref, run };
}

const cdsRuns = (deps: CdsCommandDeps) => deps.hub.query({ kind: 'pipelineRun' }).filter((s) => deps.connectionOf(s.source));

async function runWorkflow(deps: CdsCommandDeps, arg: unknown) {
  const signal = resolveSignal(deps.hub, arg);
  let connection: CdsConnection;
  let ref: WorkflowRef;
  if (signal) {
    ({ connection, ref } = runTarget(deps, signal));
  } else {
    const workflows = deps
      .connections()
      .filter((c) => c.hasToken)
      .flatMap((c) => c.source.workflowsRead.map((w) => ({ label: `${w.project}/${w.workflow}`, description: c.instance.base, c, w })));
    const picked = await deps.prompter().pick(workflows, { title: 'Run CDS Workflow: which workflow', matchOnDescription: true });
    if (!picked) throw new CommandCancelled();
    connection = picked.c;
    ref = picked.w;
  }
  const branch = connection.branch;
  const name = `${ref.project}/${ref.workflow}`;
  const run = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `CDS: starting ${name}${branch ? ` on ${branch}` : ''}…` },
    () => connection.source.start({ project: ref.project, workflow: ref.workflow }, branch),
  );
  const number = typeof run.num === 'number' ? run.num : undefined;
  void notify('info', `CDS: ${name}${number !== undefined ? ` #${number}` : ''} started${branch ? ` on ${branch}` : ''}.`);
  void deps.refreshNow(connection.source.id);
  return number;
}

async function restartRun(deps: CdsCommandDeps, arg: unknown) {
  const signal = await deps.chooseSignal({ arg, candidates: cdsRuns(deps), title: 'Restart CDS Run' });
  if (!signal) throw new Error('pick a CDS run to restart.');
  const { connection, ref, run } = runTarget(deps, signal);
  let from = Array.isArray(run.detail?.restartFrom) ? (run.detail.restartFrom as number[]) : [];
  // A run read from the list only: its nodes tell where the workflow starts.
  if (from.length === 0) from = rootNodeIds(await connection.source.api.run(ref, ref.number));
  if (from.length === 0) throw new Error(`${run.title} has no node to restart from.`);
  const posted = await connection.source.restart(ref, ref.number, from);
  const sub = typeof posted.last_subnumber === 'number' ? posted.last_subnumber : undefined;
  void notify('info', `CDS: ${ref.project}/${ref.workflow} #${ref.number}${sub !== undefined ? `.${sub}` : ''} restarted.`);
  await deps.refreshNow(connection.source.id);
  return { number: ref.number, fromNodes: from };
}

async function stopRun(deps: CdsCommandDeps, arg: unknown) {
  const going = cdsRuns(deps).filter((s) => s.state.normal === 'running' || s.state.normal === 'queued');
  const signal = await deps.chooseSignal({ arg, candidates: going, title: 'Stop CDS Run' });
  if (!signal) throw new Error('pick a running CDS run to stop.');
  const { connection, ref } = runTarget(deps, signal);
  await connection.source.stop(ref, ref.number);
  void notify('info', `CDS: ${ref.project}/${ref.workflow} #${ref.number} is being stopped.`);
  await deps.refreshNow(connection.source.id);
}

async function showStepLog(deps: CdsCommandDeps, arg: unknown) {
  const isStep = (s: Signal) => s.detail?.step === true && Boolean(deps.connectionOf(s.source));
  let signal = resolveSignal(deps.hub, arg);
  // A job: one of its steps (the failed one when there is one, else a pick).
  if (signal && !isStep(signal)) {
    const parent = signal;
    const steps = deps.hub.all().filter((s) => s.parentId === parent.id && isStep(s));
    const failed = steps.filter((s) => s.state.normal === 'failed');
    signal =
      failed.length === 1
        ? failed[0]
        : await deps.chooseSignal({
            arg: undefined,
            candidates: steps,
            title: `Show CDS Step Log: which step of ${oneLine(parent.title, 60)}`,
          });
  } else if (!signal) {
    signal = await deps.chooseSignal({ arg, candidates: deps.hub.query({ kind: 'job' }).filter(isStep), title: 'Show CDS Step Log' });
  }
  if (!signal || !isStep(signal)) throw new Error('pick a step of a CDS job to show its log.');
  const { connection } = runTarget(deps, signal);
  const uri = stepLogUri(connection, signal);
  await deps.reloadLog(uri);
  const document = await vscode.workspace.openTextDocument(uri);
  await deps.logStyles.show(document);
  return uri.toString();
}
