/**
 * GitLab Code: open merge requests, sorted into "waiting for my review", "assigned to me",
 * "created by me" and "all open" (a merge request can be in several), with approvals, the head
 * pipeline's status, `detailed_merge_status`, draft and conflicts for the ones that matter most;
 * and the actions: approve, withdraw an approval, merge, and the description for the details panel.
 *
 * Cost per refresh: one list of open merge requests (100 a page). When that list is cut by the page
 * bound, the user's own are asked for by filter (`reviewer_username`, `assignee_id`,
 * `author_username`) so they are never missed. Then, for at most `detailLimit` merge requests (mine
 * first, then the most recently updated), the merge request itself (head pipeline, detailed status)
 * and its approvals: every one a conditional GET, answered 304 while nothing changes.
 */
import { SourceError } from '../../core/sourceError';
import type { Signal } from '../../core/signal';
import type { MergeOptions } from './api';
import { bounded, MAX_BODY_CHARS, mapMergeRequest, mergeRequestCategories, title, type GitLabUser } from './mapping';
import { mergeRefusal } from './mergeRefusal';
import { GitLabPhaseSource, type GitLabSourceOptions } from './phaseSource';
import type { GlApprovals, GlMergeRequest } from './types';

export interface CodeSourceOptions extends GitLabSourceOptions {
  /** Merge requests whose details and approvals are read per refresh. Default 10. */
  detailLimit?: number;
}

/** What the details panel shows of a merge request; `description` is GitLab's raw Markdown. */
export interface MergeRequestDetails {
  iid: number;
  title: string;
  /** Raw Markdown as the author wrote it: sanitising is the webview's job. */
  description: string;
  url?: string;
  sourceBranch: string;
  targetBranch: string;
  author?: string;
  detailedMergeStatus?: string;
  signal: Signal;
}

export class GitLabCodeSource extends GitLabPhaseSource {
  private approvalsUnavailable = false;
  /** `detailed_merge_status` per iid as last seen, to say what stands in the way when a merge is refused. */
  private readonly knownStatus = new Map<number, string>();
  private readonly detailLimit: number;

  constructor(options: CodeSourceOptions) {
    super('code', options);
    this.detailLimit = Math.max(0, options.detailLimit ?? 10);
  }

  protected async load(signal: AbortSignal): Promise<Signal[]> {
    const me = await this.me(signal);
    const listed = await this.api.listMergeRequests({ state: 'opened' }, signal);
    const byIid = new Map<number, GlMergeRequest>();
    for (const mr of listed.items) {
      if (Number.isSafeInteger(mr.iid)) byIid.set(mr.iid, mr);
    }
    if (!listed.complete && me) {
      const mine = await Promise.all([
        this.api.listMergeRequests({ state: 'opened', reviewerUsername: me.username }, signal),
        this.api.listMergeRequests({ state: 'opened', authorUsername: me.username }, signal),
        me.id !== undefined
          ? this.api.listMergeRequests({ state: 'opened', assigneeId: me.id }, signal)
          : Promise.resolve({ items: [], complete: true }),
      ]);
      for (const mr of mine.flatMap((l) => l.items)) {
        if (Number.isSafeInteger(mr.iid)) byIid.set(mr.iid, mr);
      }
    }
    const all = [...byIid.values()];
    const priority = (mr: GlMergeRequest) => (mergeRequestCategories(mr, me).length > 1 ? 0 : 1);
    const detailed = new Set(
      [...all]
        .sort((a, b) => priority(a) - priority(b) || (b.updated_at ?? '').localeCompare(a.updated_at ?? '') || b.iid - a.iid)
        .slice(0, this.detailLimit)
        .map((mr) => mr.iid),
    );
    const ctx = this.ctx(me);
    const signals: Signal[] = [];
    for (const listedMr of all) {
      if (!detailed.has(listedMr.iid)) {
        signals.push(mapMergeRequest(listedMr, ctx));
        continue;
      }
      const [mr, approvals] = await Promise.all([this.detail(listedMr, signal), this.approvals(listedMr.iid, signal)]);
      if (mr.detailed_merge_status) this.knownStatus.set(mr.iid, mr.detailed_merge_status);
      signals.push(mapMergeRequest(mr, ctx, approvals ? { approvals } : {}));
    }
    return signals;
  }

  /** The merge request itself (head pipeline, detailed status); the listed data when it is gone meanwhile. */
  private async detail(listed: GlMergeRequest, signal: AbortSignal): Promise<GlMergeRequest> {
    try {
      return await this.api.getMergeRequest(listed.iid, signal);
    } catch (error) {
      if (error instanceof SourceError && error.kind === 'notFound') {
        this.logger.info(`GitLab: !${listed.iid} of ${this.project.path} not found any more; showing the listed data.`);
        return listed;
      }
      throw error;
    }
  }

  /** Approvals, or undefined when this GitLab has no approvals API for the project (remembered). */
  private async approvals(iid: number, signal: AbortSignal): Promise<GlApprovals | undefined> {
    if (this.approvalsUnavailable) {
      return undefined;
    }
    try {
      return await this.api.getMergeRequestApprovals(iid, signal);
    } catch (error) {
      if (error instanceof SourceError && error.kind === 'forbidden') {
        this.approvalsUnavailable = true;
        this.logger.info(`GitLab: approvals of ${this.project.path} are not readable (${error.message}).`);
        return undefined;
      }
      if (error instanceof SourceError && error.kind === 'notFound') {
        return undefined;
      }
      throw error;
    }
  }

  // ---- Actions -----------------------------------------------------------------------------

  /** Approves; with `sha`, GitLab refuses (409) when the source branch moved since the review. */
  async approve(iid: number, options: { sha?: string } = {}, signal?: AbortSignal): Promise<void> {
    await this.api.approveMergeRequest(iid, options, signal);
  }

  async unapprove(iid: number, signal?: AbortSignal): Promise<void> {
    await this.api.unapproveMergeRequest(iid, signal);
  }

  /**
   * Merges. A refusal (405/406/409/422) is a `rejected` SourceError whose message gives GitLab's
   * reason and, for "cannot merge now", the obstacle GitLab reported at the last refresh.
   */
  async merge(iid: number, options: MergeOptions = {}, signal?: AbortSignal): Promise<Signal> {
    let merged: GlMergeRequest;
    try {
      merged = await this.api.mergeMergeRequest(iid, options, signal);
    } catch (error) {
      const status = this.knownStatus.get(iid);
      if (error instanceof SourceError && error.kind === 'rejected' && status && error.cause instanceof SourceError) {
        throw mergeRefusal(error.cause, { iid, what: `merge merge request !${iid} of ${this.project.path}`, detailedMergeStatus: status });
      }
      throw error;
    }
    return mapMergeRequest(merged, this.ctx(await this.me(signal)));
  }

  /** The merge request for the details panel, read fresh. */
  async details(iid: number, signal?: AbortSignal, me?: GitLabUser): Promise<MergeRequestDetails> {
    const mr = await this.api.getMergeRequest(iid, signal);
    const mapped = mapMergeRequest(mr, this.ctx(me ?? (await this.me(signal))));
    return {
      iid: mr.iid,
      title: title(mr.title),
      description: bounded(mr.description, MAX_BODY_CHARS),
      ...(mapped.url ? { url: mapped.url } : {}),
      sourceBranch: String(mapped.detail?.sourceBranch ?? ''),
      targetBranch: String(mapped.detail?.targetBranch ?? ''),
      ...(mapped.author ? { author: mapped.author } : {}),
      ...(mr.detailed_merge_status ? { detailedMergeStatus: mr.detailed_merge_status } : {}),
      signal: mapped,
    };
  }
}
