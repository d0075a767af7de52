/**
 * CDS runs as signals. A workflow run (`sdk.WorkflowRunSummary` / `sdk.WorkflowRun`) is a `pipelineRun`
 * (`<project>/<workflow>#<number>`) with its branch and commit from the run's tags (`git.branch`, `git.hash`,
 * `git.author`, `triggered_by`); each job its node runs' stages ran (`nodes` → `stages` → `run_jobs`, the newest sub-run of
 * each node) is a `job` under it, and each step of a job (`job.step_status`, named by the job action's
 * `actions`) a `job` under that, so the tree reads run → jobs → steps. States: the SDK's status words
 * (status.ts).
 */
import type { Signal } from '../../core/signal';
import { signalId, tag } from '../../core/signal';
import type { WorkflowRef } from './api';
import { cdsState } from './status';
import type { CdsAction, CdsJobRun, CdsNodeRun, CdsRun, CdsRunSummary, CdsTag } from './types';

export const MAX_TITLE_CHARS = 200;

export interface MappingContext {
  sourceId: string;
  /** The repository's canonical identity (`anchors.repo`). */
  repo: string;
  /** A run's UI page, when the UI's address is known. */
  runUrl?: (ref: WorkflowRef, number: number) => string | undefined;
}

/** What a command needs to act on a run, a job or a step: kept in `detail.cds`. */
export interface CdsRef extends WorkflowRef {
  number: number;
  /** A job or step: its node run, the workflow node it ran, its job run. */
  nodeRunId?: number;
  nodeId?: number;
  jobId?: number;
  /** A step: its order in the job (0-based, as the API counts it). */
  stepOrder?: number;
}

/** A Go `time.Time` in ms; its zero value (`0001-01-01T00:00:00Z`, not started) and garbage are undefined. */
export function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** The run tags the mapping reads (the first of each), in one pass without building a map: a refresh maps thousands. */
export function tagsOf(tags: readonly CdsTag[] | null | undefined): RunTags {
  const out: RunTags = {};
  if (!Array.isArray(tags)) return out;
  for (const t of tags) {
    const value = t?.value;
    if (typeof value !== 'string') continue;
    switch (t.tag) {
      case 'git.branch':
        out.branch ??= value;
        break;
      case 'git.hash':
        out.hash ??= value;
        break;
      case 'git.author':
        out.author ??= value;
        break;
      case 'triggered_by':
        out.triggeredBy ??= value;
        break;
    }
  }
  return out;
}

export interface RunTags {
  branch?: string;
  hash?: string;
  author?: string;
  triggeredBy?: string;
}

const isId = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const cut = (s: string) => (s.length > MAX_TITLE_CHARS ? s.slice(0, MAX_TITLE_CHARS) : s);

export function runNativeId(ref: WorkflowRef, number: number): string {
  return `${ref.project}/${ref.workflow}#${number}`;
}

/** A run's signal, from the list's summary or the run itself. Built field by field: a refresh maps thousands. */
export function mapRun(run: CdsRunSummary | CdsRun, ref: WorkflowRef, ctx: MappingContext, now: number): Signal | undefined {
  if (!isId(run.num)) return undefined;
  const number = run.num;
  const state = cdsState(run.status);
  const tags = tagsOf(run.tags);
  const branch = tags.branch || undefined;
  const hash = tags.hash;
  const sha = hash && /^[0-9a-f]{40}$/i.test(hash) ? hash.toLowerCase() : undefined;
  const started = timeOf(run.start) ?? now;
  const modified = timeOf(run.last_modified) ?? started;
  const running = state.normal === 'running' || state.normal === 'queued';
  const durationMs = running ? Math.max(0, now - started) : Math.max(0, modified - started);
  const sub = isId(run.last_subnumber) ? run.last_subnumber : 0;
  const cds: CdsRef = { project: ref.project, workflow: ref.workflow, number };
  const detail: Record<string, unknown> = { cds, number, status: state.native, durationMs, subNumber: sub };
  if (typeof run.version === 'string' && run.version) detail.version = run.version.slice(0, MAX_TITLE_CHARS);
  if (sha) detail.commit = sha;
  const gitAuthor = tags.author;
  if (gitAuthor) detail.commitAuthor = gitAuthor.slice(0, MAX_TITLE_CHARS);
  const by = tags.triggeredBy;
  if (by) detail.triggeredBy = by.slice(0, MAX_TITLE_CHARS);
  const signalTags = [tag('workflow', `${ref.project}/${ref.workflow}`)];
  const anchors: Signal['anchors'] = { repo: ctx.repo };
  if (branch) {
    signalTags.push(tag('branch', branch));
    anchors.branch = branch;
  }
  if (sha) anchors.commits = [sha];
  const signal: Signal = {
    id: signalId(ctx.sourceId, 'pipelineRun', runNativeId(ref, number)),
    source: ctx.sourceId,
    kind: 'pipelineRun',
    title: cut(`${ref.workflow} #${number}${sub > 0 ? `.${sub}` : ''}`),
    state,
    createdAt: started,
    updatedAt: running ? now : modified,
    labels: [state.normal],
    tags: signalTags,
    anchors,
    detail,
  };
  if (by) signal.author = by.slice(0, MAX_TITLE_CHARS);
  const url = uiUrlOf(run) ?? ctx.runUrl?.(ref, number);
  if (url) signal.url = url;
  return signal;
}

/** The run's UI page as the API wrote it (`urls.ui_url`), when it is an http(s) URL. */
export function uiUrlOf(run: CdsRunSummary | CdsRun): string | undefined {
  const url = (run as CdsRun).urls?.ui_url;
  return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : undefined;
}

/** The newest sub-run of each workflow node of a run, in the order they started. */
export function latestNodeRuns(run: CdsRun): CdsNodeRun[] {
  const out: CdsNodeRun[] = [];
  const nodes = run.nodes && typeof run.nodes === 'object' ? run.nodes : {};
  for (const list of Object.values(nodes)) {
    let newest: CdsNodeRun | undefined;
    for (const n of Array.isArray(list) ? list : []) {
      if (!n || typeof n !== 'object' || !isId(n.id)) continue;
      const sub = isId(n.subnumber) ? n.subnumber : 0;
      if (!newest || sub > (isId(newest.subnumber) ? newest.subnumber : 0)) newest = n;
    }
    if (newest) out.push(newest);
  }
  return out.sort((a, b) => (timeOf(a.start) ?? 0) - (timeOf(b.start) ?? 0) || (a.id as number) - (b.id as number));
}

/** The nodes a restart starts from: those no other node of the run triggered (the workflow's roots). */
export function rootNodeIds(run: CdsRun): number[] {
  const nodes = latestNodeRuns(run);
  const roots = nodes.filter((n) => !Array.isArray(n.source_node_runs) || n.source_node_runs.length === 0);
  return [...new Set((roots.length ? roots : nodes.slice(0, 1)).map((n) => n.workflow_node_id).filter(isId))];
}

/** The jobs and steps of a run, under its signal: node runs → stages (in build order) → run jobs → steps. */
export function mapJobs(run: CdsRun, runSignal: Signal, now: number): Signal[] {
  const ref = runSignal.detail?.cds as CdsRef;
  const nodes = latestNodeRuns(run);
  const out: Signal[] = [];
  // Jobs not started yet have no start: they follow the one before, in the order the workflow runs them.
  let previous = runSignal.createdAt;
  for (const node of nodes) {
    const nodeName = typeof node.workflow_node_name === 'string' && node.workflow_node_name ? node.workflow_node_name : `node ${node.id}`;
    const stages = (Array.isArray(node.stages) ? node.stages : []).filter((s) => s && typeof s === 'object');
    stages.sort((a, b) => (Number(a.build_order) || 0) - (Number(b.build_order) || 0));
    for (const stage of stages) {
      for (const job of Array.isArray(stage.run_jobs) ? stage.run_jobs : []) {
        if (!job || typeof job !== 'object' || !isId(job.id)) continue;
        const jobRef: CdsRef = { ...ref, nodeRunId: node.id as number, jobId: job.id };
        if (isId(node.workflow_node_id)) jobRef.nodeId = node.workflow_node_id;
        const mapped = mapJob(job, jobRef, runSignal, {
          node: nodeName,
          stage: typeof stage.name === 'string' ? stage.name : '',
          prefix: nodes.length > 1,
          after: previous,
          now,
        });
        previous = mapped[0].createdAt;
        out.push(...mapped);
      }
    }
  }
  return out;
}

interface JobPlace {
  node: string;
  stage: string;
  /** Several nodes ran: a job's title names its node. */
  prefix: boolean;
  /** When the job before it started. */
  after: number;
  now: number;
}

function mapJob(job: CdsJobRun, ref: CdsRef, run: Signal, place: JobPlace): Signal[] {
  const state = cdsState(job.status);
  const action: CdsAction = job.job?.action && typeof job.job.action === 'object' ? job.job.action : {};
  const jobName = typeof action.name === 'string' && action.name ? action.name : `job ${ref.jobId}`;
  const start = timeOf(job.start) ?? place.after + 1;
  const done = timeOf(job.done);
  const running = state.normal === 'running' || state.normal === 'queued';
  const durationMs = done !== undefined && done >= start ? done - start : running && timeOf(job.start) ? place.now - start : undefined;
  const id = signalId(run.source, 'job', `${runNativeId(ref, ref.number)}/job/${ref.jobId}`);
  const detail: Record<string, unknown> = { cds: ref, status: state.native, stage: place.stage, node: place.node };
  if (durationMs !== undefined) detail.durationMs = durationMs;
  if (typeof job.job?.worker_name === 'string' && job.job.worker_name) detail.worker = job.job.worker_name.slice(0, MAX_TITLE_CHARS);
  if (typeof job.job?.reason === 'string' && job.job.reason) detail.reason = job.job.reason.slice(0, 2000);
  const signal: Signal = {
    id,
    source: run.source,
    kind: 'job',
    title: cut(place.prefix ? `${place.node} › ${jobName}` : jobName),
    state,
    createdAt: start,
    updatedAt: done ?? start + (durationMs ?? 0),
    labels: [state.normal],
    tags: [tag('stage', place.stage), tag('node', place.node)],
    anchors: { ...run.anchors },
    parentId: run.id,
    detail,
  };
  if (run.url) signal.url = run.url;
  return [signal, ...mapSteps(job, action, ref, signal)];
}

function mapSteps(job: CdsJobRun, action: CdsAction, ref: CdsRef, jobSignal: Signal): Signal[] {
  const steps = Array.isArray(action.actions) ? action.actions : [];
  const out: Signal[] = [];
  for (const status of Array.isArray(job.job?.step_status) ? job.job.step_status : []) {
    if (!status || !isId(status.step_order)) continue;
    const order = status.step_order;
    const step = steps[order];
    const title =
      (typeof step?.step_name === 'string' && step.step_name) || (typeof step?.name === 'string' && step.name) || `step ${order + 1}`;
    const state = cdsState(status.status);
    const start = timeOf(status.start) ?? jobSignal.createdAt + order;
    const done = timeOf(status.done);
    const stepRef: CdsRef = { ...ref, stepOrder: order };
    out.push({
      id: `${jobSignal.id}/step/${order}`,
      source: jobSignal.source,
      kind: 'job',
      title: cut(title),
      state,
      // Steps in their order, even when the worker's clock gives two the same start.
      createdAt: start + order / 1000,
      updatedAt: done ?? start,
      labels: [state.normal],
      tags: [tag('step', order + 1)],
      anchors: { ...jobSignal.anchors },
      parentId: jobSignal.id,
      ...(jobSignal.url ? { url: jobSignal.url } : {}),
      detail: {
        cds: stepRef,
        step: true,
        status: state.native,
        ...(done !== undefined && done >= start ? { durationMs: done - start } : {}),
      },
    });
  }
  return out;
}
