/**
 * A pull request's review decision from its REST review list. GraphQL has `reviewDecision`; REST
 * does not, so it is computed as GitHub does: each reviewer's latest APPROVED / CHANGES_REQUESTED
 * review counts, a later COMMENTED review does not cancel it, DISMISSED clears it.
 * Branch protection (how many approvals are required) is not visible here, so "review required"
 * means "someone is requested and nobody approved yet".
 */
import type { GhReview, GhTeam, GhUser } from './types';

export type ReviewDecision = 'approved' | 'changesRequested' | 'reviewRequired' | 'none';

export interface ReviewSummary {
  decision: ReviewDecision;
  approvedBy: string[];
  changesRequestedBy: string[];
  /** Users (logins) and teams (`team:slug`) still asked to review. */
  pending: string[];
}

export function reviewDecision(
  reviews: readonly GhReview[],
  requestedReviewers: readonly GhUser[] = [],
  requestedTeams: readonly GhTeam[] = [],
): ReviewSummary {
  const latest = new Map<string, 'APPROVED' | 'CHANGES_REQUESTED'>();
  const ordered = [...reviews].sort((a, b) => time(a) - time(b) || a.id - b.id);
  for (const review of ordered) {
    const login = review.user?.login;
    if (!login) {
      continue;
    }
    if (review.state === 'APPROVED' || review.state === 'CHANGES_REQUESTED') {
      latest.set(login, review.state);
    } else if (review.state === 'DISMISSED') {
      latest.delete(login);
    }
  }
  const approvedBy = [...latest]
    .filter(([, s]) => s === 'APPROVED')
    .map(([l]) => l)
    .sort();
  const changesRequestedBy = [...latest]
    .filter(([, s]) => s === 'CHANGES_REQUESTED')
    .map(([l]) => l)
    .sort();
  const pending = [...requestedReviewers.map((u) => u.login), ...requestedTeams.map((t) => `team:${t.slug}`)];
  let decision: ReviewDecision = 'none';
  if (changesRequestedBy.length > 0) {
    decision = 'changesRequested';
  } else if (approvedBy.length > 0) {
    decision = 'approved';
  } else if (pending.length > 0) {
    decision = 'reviewRequired';
  }
  return { decision, approvedBy, changesRequestedBy, pending };
}

function time(review: GhReview): number {
  const t = review.submitted_at ? Date.parse(review.submitted_at) : NaN;
  return Number.isNaN(t) ? 0 : t;
}
