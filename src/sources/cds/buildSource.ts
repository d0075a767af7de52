/**
 * CDS Build for one repository on one CDS: the workflows that build it (matching.ts), for each the newest
 * runs of HEAD's branch and of the default branch (`runs?git.branch=`), and for the newest run of each branch
 * and any still going, the run itself with its jobs and steps. A run's details are read again only when the
 * list says it changed (status, sub-run or last change): a finished run costs one list row per poll.
 *
 * The newest run of HEAD's branch is `headRun`, for the status bar; while a run of HEAD's branch is building or
 * waiting, `pollHints().active` asks for the fast pace. A failing refresh throws a `SourceError`: the views keep
 * the last signals, marked stale with its message.
 */
import { errorMessage } from '../../core/errorMessage';
import { silentLogger, type Logger } from '../../core/logger';
import { isSourceError } from '../../core/sourceError';
import type { Phase, Signal } from '../../core/signal';
import type { PollHints, Source } from '../../core/source';
import type { HttpClientLike } from '../../http/types';
import { CdsApi, type WorkflowRef } from './api';
import { mapJobs, mapRun, rootNodeIds, uiUrlOf, type MappingContext } from './mapping';
import { matchWorkflows, repositoryNames } from './matching';
import type { CdsRun, CdsRunSummary } from './types';

type MaybePromise<T> = T | Promise<T>;

export interface CdsSourceOptions {
  http: HttpClientLike;
  /** The API URL with its trailing slash. */
  base: string;
  /** The builtin consumer's sign-in token, and a session token already held (cdsctl's). */
  signinToken?: string;
  sessionToken?: string;
  /** The repository's canonical identity (`anchors.repo`) and every identity of its remotes. */
  repo: string;
  identities?: readonly string[] | (() => readonly string[]);
  /** From the settings: project keys, and `PROJECT/workflow`s; both empty: found by the repository's name. */
  projects?: readonly string[];
  workflows?: readonly WorkflowRef[];
  headBranch?: () => MaybePromise<string | undefined>;
  defaultBranch?: () => MaybePromise<string | undefined>;
  /** Runs listed per workflow and branch. Default 20. */
  runsPerBranch?: number;
  /** How long the matched workflows are kept. Default 10 minutes (1 when none matched). */
  matchTtlMs?: number;
  logger?: Logger;
  now?: () => number;
}

const GOING = new Set(['Building', 'Waiting', 'Pending', 'Checking', 'Crafting', 'Scheduling', 'Registering', 'Retrying', 'Blocked']);

export function cdsSourceId(base: string, repo: string): string {
  return `cds:${base}#${repo}`;
}

/** A run as the last refresh read it: its list row's fingerprint, and what it was mapped to. */
interface ReadRun {
  id: string;
  key: string;
  run: CdsRun;
}

export class CdsBuildSource implements Source {
  readonly id: string;
  readonly label: string;
  readonly phases: readonly Phase[] = ['build'];
  readonly api: CdsApi;
  /** The newest run of HEAD's branch at the last refresh. */
  headRun?: Signal;
  /** The workflows the last refresh read. */
  workflowsRead: WorkflowRef[] = [];
  private matched?: { at: number; key: string; workflows: WorkflowRef[] };
  private details = new Map<string, ReadRun>();
  private active = false;
  private notBefore?: number;
  /** `https://cds.example.com` from a run's `urls.ui_url`: the UI page of runs read from the list only. */
  private uiBase?: string;
  private readonly options: CdsSourceOptions;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly perBranch: number;

  constructor(options: CdsSourceOptions) {
    this.options = options;
    this.id = cdsSourceId(options.base, options.repo);
    this.label = `CDS · ${new URL(options.base).host} · ${options.repo.split('/').slice(1).join('/') || options.repo}`;
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.perBranch = Math.min(100, Math.max(1, options.runsPerBranch ?? 20));
    this.api = new CdsApi({
      http: options.http,
      base: options.base,
      ...(options.signinToken ? { signinToken: options.signinToken } : {}),
      ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
      logger: this.logger,
    });
  }

  pollHints(): PollHints {
    const hints: PollHints = this.active ? { active: true } : {};
    if (this.notBefore !== undefined && this.notBefore > this.now()) hints.notBefore = this.notBefore;
    return hints;
  }

  /** The workflows that build the repository, matched again at once when its remotes change. */
  async workflows(signal?: AbortSignal): Promise<WorkflowRef[]> {
    const given = this.options.identities;
    const identities = [...new Set([this.options.repo, ...((typeof given === 'function' ? given() : given) ?? [])])];
    const names = repositoryNames(identities);
    const key = names.join('\n');
    const ttl = this.matched?.workflows.length === 0 ? 60_000 : (this.options.matchTtlMs ?? 10 * 60_000);
    if (this.matched && this.matched.key === key && this.now() - this.matched.at < ttl) return this.matched.workflows;
    const workflows = await matchWorkflows(
      this.api,
      { projects: this.options.projects ?? [], workflows: this.options.workflows ?? [] },
      names,
      signal,
    );
    if (workflows.length === 0 && this.matched?.workflows.length !== 0)
      this.logger.info(
        `CDS: no workflow of ${this.options.base} uses ${names.join(', ') || this.options.repo}; name them in devops.cds.instances (workflows: ["PROJECT/workflow"])`,
      );
    this.matched = { at: this.now(), key, workflows };
    return workflows;
  }

  async refresh(signal: AbortSignal): Promise<Signal[]> {
    try {
      const signals = await this.load(signal);
      this.notBefore = undefined;
      return signals;
    } catch (error) {
      if (isSourceError(error) && error.retryAt !== undefined) this.notBefore = error.retryAt;
      throw error;
    }
  }

  private async load(signal: AbortSignal): Promise<Signal[]> {
    const [head, main] = await Promise.all([
      this.ask("HEAD's branch", this.options.headBranch),
      this.ask('the default branch', this.options.defaultBranch),
    ]);
    const branches = [...new Set([head, main].filter((b): b is string => Boolean(b)))];
    const ctx: MappingContext = { sourceId: this.id, repo: this.options.repo, runUrl: (ref, n) => this.runUrl(ref, n) };
    const now = this.now();
    const signals: Signal[] = [];
    const details = new Map<string, ReadRun>();
    let headRun: Signal | undefined;
    let active = false;
    const workflows = await this.workflows(signal);
    for (const ref of workflows) {
      // Without a branch (a detached HEAD and no default known) the newest runs of any branch.
      const rows = new Map<number, CdsRunSummary>();
      for (const branch of branches.length ? branches : [undefined]) {
        for (const row of await this.api.runs(ref, { limit: this.perBranch, ...(branch ? { branch } : {}) }, signal))
          if (Number.isSafeInteger(row.num)) rows.set(row.num as number, row);
      }
      const runs: Array<{ row: CdsRunSummary; signal: Signal }> = [];
      for (const row of rows.values()) {
        const mapped = mapRun(row, ref, ctx, now);
        if (mapped) runs.push({ row, signal: mapped });
      }
      runs.sort((a, b) => (b.signal.detail?.number as number) - (a.signal.detail?.number as number));
      const newestOf = new Set(branches.map((b) => runs.find((r) => r.signal.anchors.branch === b)).filter(Boolean));
      if (branches.length === 0 && runs[0]) newestOf.add(runs[0]);
      for (const r of runs) {
        const going = r.signal.state.normal === 'running' || r.signal.state.normal === 'queued';
        if (newestOf.has(r) || going) {
          const read = await this.detail(ref, r.row, signal);
          details.set(read.id, read);
          const full = mapRun(read.run, ref, ctx, now) ?? r.signal;
          full.detail = { ...full.detail, restartFrom: rootNodeIds(read.run) };
          signals.push(full, ...mapJobs(read.run, full, now));
          r.signal = full;
        } else {
          // The UI's address is learned from the newest run's answer, read just before.
          if (!r.signal.url) {
            const url = this.runUrl(ref, r.signal.detail?.number as number);
            if (url) r.signal.url = url;
          }
          signals.push(r.signal);
        }
        if (head !== undefined && r.signal.anchors.branch === head) {
          if (going) active = true;
          if (!headRun || r.signal.createdAt > headRun.createdAt) headRun = r.signal;
        }
      }
    }
    this.details = details;
    this.workflowsRead = workflows;
    this.headRun = headRun;
    this.active = active;
    return signals;
  }

  /** A run with its node runs: read again only when its list row changed since the last refresh. */
  private async detail(ref: WorkflowRef, row: CdsRunSummary, signal: AbortSignal): Promise<ReadRun> {
    const id = `${ref.project}/${ref.workflow}#${String(row.num)}`;
    const key = `${id}|${String(row.status)}|${String(row.last_subnumber)}|${String(row.last_modified)}`;
    const known = this.details.get(id);
    // A run still going changes without its row saying so (its jobs progress): read it each time.
    if (known && known.key === key && !GOING.has(String(row.status))) return known;
    const run = await this.api.run(ref, row.num as number, signal);
    const ui = uiUrlOf(run);
    const suffix = `/project/${ref.project}/workflow/${ref.workflow}/run/${String(row.num)}`;
    if (ui?.endsWith(suffix)) this.uiBase = ui.slice(0, -suffix.length);
    return { id, key, run };
  }

  private runUrl(ref: WorkflowRef, number: number): string | undefined {
    return this.uiBase
      ? `${this.uiBase}/project/${encodeURIComponent(ref.project)}/workflow/${encodeURIComponent(ref.workflow)}/run/${number}`
      : undefined;
  }

  // ---- Actions ------------------------------------------------------------------------------

  /** Starts a run of a workflow on a branch (the manual payload's `git.branch`). */
  start(ref: WorkflowRef, branch: string | undefined, signal?: AbortSignal): Promise<CdsRun> {
    return this.api.start(ref, { manual: { payload: branch ? { 'git.branch': branch } : {} } }, signal);
  }

  /** A new sub-run of a run from the given workflow nodes (its roots: the whole workflow again). */
  restart(ref: WorkflowRef, number: number, fromNodes: readonly number[], signal?: AbortSignal): Promise<CdsRun> {
    return this.api.start(ref, { number, from_nodes: [...fromNodes], manual: {} }, signal);
  }

  stop(ref: WorkflowRef, number: number, signal?: AbortSignal): Promise<void> {
    return this.api.stop(ref, number, signal);
  }

  stepLog(ref: WorkflowRef, step: { nodeRunId: number; jobId: number; order: number }, signal?: AbortSignal): Promise<string> {
    return this.api.stepLog(ref, step, signal);
  }

  private async ask<T>(what: string, provider: (() => MaybePromise<T | undefined>) | undefined): Promise<T | undefined> {
    if (!provider) return undefined;
    try {
      return await provider();
    } catch (error) {
      this.logger.warn(`CDS: could not tell ${what}: ${errorMessage(error)}`);
      return undefined;
    }
  }
}
