/**
 * GitLab Plan: the issues of the current iteration, else of the nearest open milestone, else the
 * open issues assigned to me (see planScope.ts); and the Start Work helpers: a branch name for an
 * issue (through the injected branch-name rule) and moving it to the "doing" label.
 *
 * Cost per refresh: iterations (1 request, skipped for good once GitLab says the project has no
 * iterations feature), milestones only when no iteration runs, then one list of issues.
 */
import { SourceError } from '../../core/sourceError';
import type { Signal } from '../../core/signal';
import { mapIssue, type GitLabUser, type PlanScope } from './mapping';
import { GitLabPhaseSource, type GitLabSourceOptions } from './phaseSource';
import { planScope } from './planScope';
import { SERVICE } from './serviceMessage';
import type { GlIssue, GlIteration } from './types';

/** What a branch-name rule gets (the rules themselves are not GitLab's: they are injected). */
export interface BranchNameInput {
  number: number;
  title: string;
  labels: readonly string[];
  /** The signed-in user's name. */
  user?: string;
}

export type BranchNameResult = { ok: true; name: string } | { ok: false; reason: string };
export type BranchNameRule = (input: BranchNameInput) => BranchNameResult;

export interface PlanSourceOptions extends GitLabSourceOptions {
  /** Turns an issue into a branch name (git's ref rules included); without one Start Work has no name to offer. */
  branchName?: BranchNameRule;
}

/** What Start Work does to the issue's labels (read from the settings when the user starts). */
export interface StartWorkLabels {
  /** The label put on, e.g. `doing` or `workflow::in progress`. */
  doing?: string;
  /** Labels taken off, e.g. `to do`. */
  remove?: readonly string[];
}

export class GitLabPlanSource extends GitLabPhaseSource {
  /** What the last refresh showed, for the view's description. */
  scope?: PlanScope;
  private iterationsUnavailable = false;
  private readonly plan: PlanSourceOptions;

  constructor(options: PlanSourceOptions) {
    super('plan', options);
    this.plan = options;
  }

  protected async load(signal: AbortSignal): Promise<Signal[]> {
    const me = await this.me(signal);
    const { iterations, unavailable } = await this.currentIterations(signal);
    const milestones = iterations.length > 0 ? [] : (await this.api.listMilestones({ state: 'active' }, signal)).items;
    if (unavailable) {
      // Only now that the project answered is a 403/404 on iterations known to mean "no iterations here".
      this.iterationsUnavailable = true;
      this.logger.info(`GitLab: no iterations for ${this.project.path} (${unavailable}); using milestones.`);
    }
    const scope = planScope(iterations, milestones, this.now(), me);
    this.scope = scope;
    let issues: GlIssue[] = [];
    switch (scope?.kind) {
      case 'iteration':
        issues = (await this.api.listIssues({ iterationId: scope.iteration.id }, signal)).items;
        break;
      case 'milestone':
        issues = (await this.api.listIssues({ milestone: scope.milestone.title }, signal)).items;
        break;
      case 'assignedToMe':
        issues = (await this.api.listIssues({ assigneeUsername: me?.username, state: 'opened' }, signal)).items;
        break;
      default:
        break;
    }
    const ctx = this.ctx(me);
    const seen = new Set<number>();
    const signals: Signal[] = [];
    for (const issue of issues) {
      if (!Number.isSafeInteger(issue.iid) || seen.has(issue.iid)) continue;
      seen.add(issue.iid);
      signals.push(mapIssue(issue, ctx, scope));
    }
    return signals;
  }

  /**
   * The current iterations; none, with the reason, when GitLab answers 403 or 404 (a tier or an
   * edition without iterations). Later polls skip the request once that is known.
   */
  private async currentIterations(signal: AbortSignal): Promise<{ iterations: GlIteration[]; unavailable?: string }> {
    if (this.iterationsUnavailable) {
      return { iterations: [] };
    }
    try {
      return { iterations: (await this.api.listIterations({ state: 'current', includeAncestors: true }, signal)).items };
    } catch (error) {
      if (error instanceof SourceError && (error.kind === 'forbidden' || error.kind === 'notFound')) {
        return { iterations: [], unavailable: error.message };
      }
      throw error;
    }
  }

  /** A branch name for "Start work on item", from the injected rule. */
  branchNameFor(item: Signal, user?: GitLabUser): BranchNameResult {
    const rule = this.plan.branchName;
    const iid = item.detail?.iid;
    if (!rule) {
      return { ok: false, reason: 'No branch-name rule is configured for GitLab issues.' };
    }
    if (typeof iid !== 'number') {
      return { ok: false, reason: 'This item is not a GitLab issue.' };
    }
    const labels = Array.isArray(item.detail?.labels)
      ? (item.detail.labels as unknown[]).filter((l): l is string => typeof l === 'string')
      : [];
    return rule({ number: iid, title: item.title, labels, ...(user ? { user: user.username } : {}) });
  }

  /**
   * Start Work on GitLab: puts the doing label on the issue and takes the listed ones off, in one
   * documented edit (`add_labels` / `remove_labels`). Returns the issue as GitLab now has it.
   */
  async moveToDoing(iid: number, labels: StartWorkLabels, signal?: AbortSignal): Promise<Signal> {
    const doing = labels.doing?.trim();
    if (!doing) {
      throw new SourceError('Could not move the issue: no "doing" label is configured for GitLab.', 'config', SERVICE);
    }
    const remove = (labels.remove ?? []).map((l) => l.trim()).filter((l) => l && l !== doing);
    const issue = await this.api.editIssueLabels(iid, { add: [doing], remove }, signal);
    return mapIssue(issue, this.ctx(await this.me(signal)), this.scope);
  }
}
