import { duration } from '../../core/format';
import {
  nodeUnder,
  perRepository,
  runsByBranch,
  type LayoutHelpers,
  type SignalNode,
  type TreeNode,
  type ViewLayout,
} from '../../core/phaseTree';
import { reviewThreadsRow, type ReviewThreadCount } from '../../core/reviewThread';
import type { NormalState, Signal } from '../../core/signal';
import type { ChecksRollup } from './checksRollup';
import { groupPlan, groupPullRequests } from './groups';
import { repositoryKey } from './ids';
import type { ReviewSummary } from './reviewDecision';

/** What the layouts read of a repository besides its signals. */
export interface LayoutRepository {
  /** `owner/repo` */
  fullName: string;
  /** HEAD's branch in the workspace. */
  branch?: string;
  defaultBranch?: string;
  /** "4,982 of 5,000 GitHub API requests left (resets 14:05:00)" */
  quota?: string;
}

/** What the layouts read besides the signals: the repository (by its key), the Plan grouping. */
export interface LayoutContext {
  repository(key: string): LayoutRepository | undefined;
  planGrouping(): 'assignee' | 'state';
  /** The review threads read for a pull request (those of HEAD's branch), for its "Review threads" row. */
  reviewThreads?(pullRequest: Signal): ReviewThreadCount | undefined;
}

const isGitHub = (s: Signal) => s.source.startsWith('github:');

/** Plan: the sprint's milestone, then assignee or state; "Assigned to me" as a second root. */
export function planLayout(ctx: LayoutContext): ViewLayout {
  return {
    claims: (s) => isGitHub(s) && s.kind === 'workItem',
    build: (signals, h) =>
      perRepo('plan', signals, h, ctx, (prefix, items) => {
        const then = ctx.planGrouping();
        const mine = items.filter((s) => s.labels.includes('mine') && s.state.normal === 'open');
        const planned = items.filter((s) => s.labels.includes('sprint') || !s.labels.includes('mine'));
        const nodes: TreeNode[] = groupPlan(planned, then).map((milestone) => {
          const id = `${prefix}/milestone:${milestone.label}`;
          const done = milestone.signals.filter((s) => s.state.normal === 'closed').length;
          return h.group(
            id,
            milestone.label,
            'milestone',
            (milestone.children ?? []).map((g) =>
              h.group(
                `${id}/${then}:${g.label}`,
                g.label,
                then,
                g.signals.map((s) => nodeUnder(h, `${id}/${then}:${g.label}`, s)),
                String(g.signals.length),
              ),
            ),
            `${done}/${milestone.signals.length} done${milestone.signals.some((s) => s.labels.includes('sprint')) ? ' · current sprint' : ''}`,
          );
        });
        if (mine.length > 0) {
          nodes.push(
            h.group(
              `${prefix}/mine`,
              'Assigned to me',
              'assignee',
              mine.map((s) => nodeUnder(h, `${prefix}/mine`, s)),
              String(mine.length),
            ),
          );
        }
        return nodes;
      }),
  };
}

const PR_SECTIONS = [
  ['waitingForMyReview', 'Waiting for my review'],
  ['createdByMe', 'Created by me'],
  ['open', 'All open'],
] as const;

/** Code: "Waiting for my review", "Created by me", "All open"; each PR says draft, review, checks, mergeability. */
export function codeLayout(ctx: LayoutContext): ViewLayout {
  return {
    claims: (s) => isGitHub(s) && s.kind === 'pullRequest',
    build: (signals, h) =>
      perRepo('code', signals, h, ctx, (prefix, items) => {
        const open = items.filter((s) => s.state.normal === 'open' || s.state.normal === 'draft');
        const sections = groupPullRequests(open);
        return PR_SECTIONS.filter(([key]) => key === 'open' || sections[key].length > 0).map(([key, label]) => {
          const id = `${prefix}/${key}`;
          const pulls = [...sections[key]].sort((a, b) => b.updatedAt - a.updatedAt);
          return h.group(
            id,
            label,
            'pullRequests',
            pulls.map((s) => withReviewThreads(ctx, { ...nodeUnder(h, id, s), description: pullRequestDescription(s) })),
            String(pulls.length),
          );
        });
      }),
  };
}

/** A pull request's node with its "Review threads: N unresolved" row. */
function withReviewThreads(ctx: LayoutContext, node: SignalNode): SignalNode {
  const row = reviewThreadsRow(node.id, node.signal, ctx.reviewThreads?.(node.signal));
  return row.length ? { ...node, children: [...row, ...node.children] } : node;
}

/** Build: runs of HEAD's branch and of the default branch; run → jobs → steps with durations. */
export function buildLayout(ctx: LayoutContext): ViewLayout {
  return {
    claims: (s) => isGitHub(s) && (s.kind === 'pipelineRun' || s.kind === 'job'),
    build: (signals, h) =>
      perRepo('build', signals, h, ctx, (prefix, items, c) => {
        const runs = items.filter((s) => s.kind === 'pipelineRun').sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
        return runsByBranch(prefix, runs, { current: c?.branch, main: c?.defaultBranch }, h, (r) => runNode(h, r));
      }),
  };
}

/** The GitHub repositories of a view: grouped by repository key, named `owner/repo`, with the remaining quota on hover. */
function perRepo(
  view: string,
  signals: readonly Signal[],
  h: LayoutHelpers,
  ctx: LayoutContext,
  build: (prefix: string, items: Signal[], repository: LayoutRepository | undefined) => TreeNode[],
): TreeNode[] {
  const name = (key: string) => ctx.repository(key)?.fullName ?? key.slice('github:'.length);
  return perRepository(
    `github-${view}`,
    signals,
    h,
    {
      keyOf: (s) => repositoryKey(s.source),
      label: name,
      tooltip: (key) => [name(key), ctx.repository(key)?.quota].filter(Boolean).join('\n'),
    },
    (prefix, items, key) => build(prefix, items, ctx.repository(key)),
  );
}

function runNode(h: LayoutHelpers, run: Signal): SignalNode {
  const node = h.node(run);
  return {
    ...node,
    description: runDescription(run),
    children: node.children.map((child) => (child.type === 'signal' && child.signal.kind === 'job' ? jobNode(child) : child)),
  };
}

interface StepDetail {
  number: number;
  name: string;
  normal: NormalState;
  native: string;
  durationMs: number | null;
}

/** A job with its steps as rows; a step row stands for its job (menus and click act on the job). */
function jobNode(node: SignalNode): SignalNode {
  const job = node.signal;
  const steps = (job.detail?.steps as StepDetail[] | undefined) ?? [];
  return {
    ...node,
    description: runDescription(job),
    children: steps.map((step) => ({
      type: 'signal',
      id: `${job.id}#step:${step.number}`,
      signal: { ...job, title: `${step.number}. ${step.name}`, state: { normal: step.normal, native: step.native } },
      stale: node.stale,
      description: [step.native, step.durationMs !== null ? duration(step.durationMs) : ''].filter(Boolean).join(' · '),
      children: [],
    })),
  };
}

/** "failure · 3 min 02 s", "in_progress". */
export function runDescription(s: Signal): string {
  const ms = s.detail?.durationMs;
  return [s.state.native.replace(/_/g, ' '), typeof ms === 'number' ? duration(ms) : ''].filter(Boolean).join(' · ');
}

/** "draft · approved · checks passing · mergeable". */
export function pullRequestDescription(s: Signal): string {
  const d = s.detail ?? {};
  const review = d.review as ReviewSummary | null | undefined;
  const checks = d.checks as ChecksRollup | null | undefined;
  const parts: string[] = [`#${String(d.number ?? '')}`];
  if (d.draft === true) parts.push('draft');
  switch (review?.decision) {
    case 'approved':
      parts.push('approved');
      break;
    case 'changesRequested':
      parts.push('changes requested');
      break;
    case 'reviewRequired':
      parts.push('review required');
      break;
  }
  switch (checks?.state) {
    case 'success':
      parts.push('checks passing');
      break;
    case 'failed':
      parts.push(`${checks.failed} check${checks.failed === 1 ? '' : 's'} failing`);
      break;
    case 'running':
      parts.push('checks running');
      break;
  }
  if (d.mergeable === false || d.mergeableState === 'dirty') parts.push('conflicts');
  else if (d.mergeable === true) parts.push(d.mergeableState === 'blocked' ? 'merge blocked' : 'mergeable');
  return parts.join(' · ');
}
