/**
 * What the Plan view is about: the current iteration (GitLab iterations live in groups; a project
 * inherits its ancestors' through `include_ancestors`), else the open milestone due soonest that is
 * not past, else the issues assigned to the signed-in user.
 */
import { iterationName, type GitLabUser, type PlanScope } from './mapping';
import type { GlIteration, GlMilestone } from './types';

/** The iteration running today among those GitLab calls current, the one ending soonest first. */
export function pickIteration(iterations: readonly GlIteration[], now: number): GlIteration | undefined {
  const today = isoDay(now);
  const running = iterations.filter((i) => (!i.start_date || i.start_date <= today) && (!i.due_date || i.due_date >= today));
  const candidates = running.length > 0 ? running : [...iterations];
  return candidates.sort((a, b) => (a.due_date ?? '9999').localeCompare(b.due_date ?? '9999') || a.id - b.id)[0];
}

/** The active milestone due soonest and not past; an undated one only when none has a date. */
export function pickMilestone(milestones: readonly GlMilestone[], now: number): GlMilestone | undefined {
  const today = isoDay(now);
  const open = milestones.filter((m) => (m.state ?? 'active') === 'active' && m.expired !== true);
  const dated = open
    .filter((m) => m.due_date && m.due_date >= today)
    .sort((a, b) => (a.due_date ?? '').localeCompare(b.due_date ?? '') || a.id - b.id);
  if (dated.length > 0) {
    return dated[0];
  }
  return open.filter((m) => !m.due_date).sort((a, b) => (a.iid ?? a.id) - (b.iid ?? b.id))[0];
}

export function planScope(
  iterations: readonly GlIteration[],
  milestones: readonly GlMilestone[],
  now: number,
  me: GitLabUser | undefined,
): PlanScope | undefined {
  const iteration = pickIteration(iterations, now);
  if (iteration) {
    return { kind: 'iteration', iteration, name: iterationName(iteration) };
  }
  const milestone = pickMilestone(milestones, now);
  if (milestone) {
    return { kind: 'milestone', milestone, name: milestone.title };
  }
  return me ? { kind: 'assignedToMe', name: 'Assigned to me' } : undefined;
}

function isoDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}
