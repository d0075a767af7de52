/**
 * Jenkins runs and Pipeline stages as signals. A run is a `pipelineRun` (`<job path>#<number>`) with its
 * result, duration, cause and the commit it built (git's BuildData `lastBuiltRevision`); each stage of
 * `wfapi/describe` is a `job` under it, in the order it started, a stage waiting for input saying what
 * it asks. States: the run's `result` (Jenkins' `Result`: SUCCESS, UNSTABLE, FAILURE, NOT_BUILT, ABORTED,
 * none while building) and the stages' `StatusExt` words, mapped to the shared states.
 */
import type { NormalState, Signal } from '../../core/signal';
import { signalId, tag } from '../../core/signal';
import { jobDisplayPath, type JobPath } from './jobPath';
import type { JkAction, JkRun, WfPendingInput, WfRun, WfStage } from './types';

export const MAX_TITLE_CHARS = 200;

/** What every mapping of one source needs. */
export interface MappingContext {
  sourceId: string;
  /** The repository's canonical identity (`anchors.repo`). */
  repo: string;
}

/** The job a run belongs to, and the branch it is about (a multibranch branch job's, when known). */
export interface JobRef {
  path: JobPath;
  url: string;
  /** A multibranch project's branch job: its branch. */
  branch?: string;
}

const RESULTS: Record<string, NormalState> = {
  SUCCESS: 'success',
  UNSTABLE: 'failed',
  FAILURE: 'failed',
  NOT_BUILT: 'skipped',
  ABORTED: 'cancelled',
};

/** The StatusExt words of the Pipeline REST API. */
const STAGE_STATES: Record<string, NormalState> = {
  SUCCESS: 'success',
  FAILED: 'failed',
  UNSTABLE: 'failed',
  ABORTED: 'cancelled',
  NOT_EXECUTED: 'skipped',
  IN_PROGRESS: 'running',
  PAUSED_PENDING_INPUT: 'queued',
};

export function runState(run: JkRun): { normal: NormalState; native: string } {
  if (run.building === true || run.inProgress === true) return { normal: 'running', native: 'BUILDING' };
  const result = typeof run.result === 'string' ? run.result : '';
  return { normal: RESULTS[result] ?? 'unknown', native: result || 'UNKNOWN' };
}

export function stageState(status: string | undefined): { normal: NormalState; native: string } {
  const native = typeof status === 'string' ? status : 'UNKNOWN';
  return { normal: STAGE_STATES[native] ?? 'unknown', native };
}

export function runNativeId(job: JobPath, number: number): string {
  return `${job.join('/')}#${number}`;
}

export function runSignalId(ctx: MappingContext, job: JobPath, number: number): string {
  return signalId(ctx.sourceId, 'pipelineRun', runNativeId(job, number));
}

/** The commit a run built, and the branch git says it was on (without the remote's prefix). */
export function revisionOf(actions: readonly JkAction[] | undefined): { sha?: string; branch?: string } {
  for (const action of actions ?? []) {
    const revision = action?.lastBuiltRevision;
    if (revision && typeof revision.SHA1 === 'string' && /^[0-9a-f]{40}$/i.test(revision.SHA1)) {
      const name = revision.branch?.find((b) => typeof b?.name === 'string')?.name;
      return {
        sha: revision.SHA1.toLowerCase(),
        ...(name ? { branch: name.replace(/^(refs\/remotes\/|refs\/heads\/)?[^/]+\//, '') } : {}),
      };
    }
  }
  return {};
}

export function causeOf(actions: readonly JkAction[] | undefined): string | undefined {
  for (const action of actions ?? []) {
    const cause = action?.causes?.find((c) => typeof c?.shortDescription === 'string');
    if (cause) return cause.shortDescription;
  }
  return undefined;
}

export function parametersOf(actions: readonly JkAction[] | undefined): Record<string, string> | undefined {
  for (const action of actions ?? []) {
    if (!Array.isArray(action?.parameters)) continue;
    const out: Record<string, string> = {};
    for (const p of action.parameters) {
      if (typeof p?.name === 'string' && p.value !== undefined && p.value !== null && typeof p.value !== 'object')
        out[p.name] = String(p.value);
    }
    return out;
  }
  return undefined;
}

/** A run's signal. Built field by field, without spreads: a refresh maps thousands of runs. */
export function mapRun(run: JkRun, job: JobRef, ctx: MappingContext, now: number): Signal | undefined {
  if (!Number.isSafeInteger(run.number)) return undefined;
  const number = run.number as number;
  const state = runState(run);
  const revision = revisionOf(run.actions);
  const branch = job.branch ?? revision.branch;
  const started = typeof run.timestamp === 'number' ? run.timestamp : now;
  const durationMs = state.normal === 'running' ? Math.max(0, now - started) : typeof run.duration === 'number' ? run.duration : undefined;
  const jobName = job.path.join('/');
  const detail: Record<string, unknown> = { jenkins: { job: job.path.slice(), number }, jobUrl: job.url, number, status: state.native };
  if (durationMs !== undefined) detail.durationMs = durationMs;
  const cause = causeOf(run.actions);
  if (cause !== undefined) detail.cause = cause;
  if (revision.sha !== undefined) detail.commit = revision.sha;
  const parameters = parametersOf(run.actions);
  if (parameters !== undefined) detail.parameters = parameters;
  const labels: string[] = [state.normal];
  if (run.result === 'UNSTABLE') labels.push('unstable');
  const tags = [`job:${jobName}`];
  const anchors: Signal['anchors'] = { repo: ctx.repo };
  if (branch !== undefined) {
    tags.push(`branch:${branch}`);
    anchors.branch = branch;
  }
  if (revision.sha !== undefined) anchors.commits = [revision.sha];
  const title = `${jobDisplayPath(job.path)} #${number}`;
  const signal: Signal = {
    id: `${ctx.sourceId}:pipelineRun:${jobName}#${number}`,
    source: ctx.sourceId,
    kind: 'pipelineRun',
    title: title.length > MAX_TITLE_CHARS ? title.slice(0, MAX_TITLE_CHARS) : title,
    state,
    createdAt: started,
    updatedAt: started + (durationMs ?? 0),
    labels,
    tags,
    anchors,
    detail,
  };
  if (typeof run.url === 'string') signal.url = run.url;
  return signal;
}

/** The stages of a Pipeline run (`wfapi/describe`), a stage waiting for input naming what it asks. */
export function mapStages(describe: WfRun, runSignal: Signal, inputs: readonly WfPendingInput[] = []): Signal[] {
  const jenkins = runSignal.detail?.jenkins as { job: string[]; number: number };
  const out: Signal[] = [];
  for (const [index, stage] of (describe.stages ?? []).entries()) {
    const mapped = mapStage(stage, index, runSignal, jenkins, stage.status === 'PAUSED_PENDING_INPUT' ? inputs : []);
    // Stages not started yet share a start time: keep them in the order the pipeline runs them.
    const previous = out[out.length - 1];
    if (previous && mapped.createdAt <= previous.createdAt) mapped.createdAt = previous.createdAt + 1;
    out.push(mapped);
  }
  return out;
}

function mapStage(
  stage: WfStage,
  index: number,
  run: Signal,
  jenkins: { job: string[]; number: number },
  inputs: readonly WfPendingInput[],
): Signal {
  const state = stageState(stage.status);
  const start = typeof stage.startTimeMillis === 'number' && stage.startTimeMillis > 0 ? stage.startTimeMillis : run.createdAt + index;
  const durationMs = typeof stage.durationMillis === 'number' ? stage.durationMillis : undefined;
  const waiting = inputs.map((i) => i.message).filter((m): m is string => typeof m === 'string');
  const nativeId = `${runNativeId(jenkins.job, jenkins.number)}/stage/${typeof stage.id === 'string' ? stage.id : index}`;
  return {
    id: signalId(run.source, 'job', nativeId),
    source: run.source,
    kind: 'job',
    title: (typeof stage.name === 'string' && stage.name ? stage.name : `stage ${index + 1}`).slice(0, MAX_TITLE_CHARS),
    state,
    createdAt: start,
    updatedAt: start + (durationMs ?? 0),
    labels: [state.normal, ...(waiting.length ? ['input'] : [])],
    tags: [tag('stage', String(stage.name ?? index))],
    anchors: { ...run.anchors },
    parentId: run.id,
    ...(run.url ? { url: run.url } : {}),
    detail: {
      jenkins: { ...jenkins, stage: stage.id },
      stage: true,
      status: state.native,
      ...(durationMs !== undefined ? { durationMs } : {}),
      ...(waiting.length ? { waitingFor: waiting, pendingInputs: inputs.length } : {}),
    },
  };
}
