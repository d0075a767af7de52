/**
 * The current sprint for the Plan view. GitHub has no sprints; teams use milestones. The current
 * sprint is the open milestone with the nearest upcoming due date (when every due date is past, the
 * most recently due one, which is still open so not finished), or the milestone the settings name.
 */
import type { GhMilestone } from './types';

export interface SprintChoice {
  /** The chosen milestone, or undefined when there is none to choose. */
  milestone?: GhMilestone;
  /** Why this one, for the view's description. */
  reason: 'named' | 'nearestDue' | 'noDueDate' | 'none' | 'namedNotFound';
}

export function pickSprint(milestones: readonly GhMilestone[], now: number, name?: string): SprintChoice {
  const open = milestones.filter((m) => m.state === 'open');
  const wanted = name?.trim();
  if (wanted) {
    // Exact title first, then case-insensitive, then the milestone number.
    const found =
      open.find((m) => m.title === wanted) ??
      open.find((m) => m.title.toLowerCase() === wanted.toLowerCase()) ??
      open.find((m) => String(m.number) === wanted);
    return found ? { milestone: found, reason: 'named' } : { reason: 'namedNotFound' };
  }
  const dated = open.map((m) => ({ m, due: m.due_on ? Date.parse(m.due_on) : NaN })).filter((x) => !Number.isNaN(x.due));
  if (dated.length > 0) {
    // Nearest upcoming due date; if all are overdue, the most recently overdue.
    const upcoming = dated.filter((x) => x.due >= now).sort((a, b) => a.due - b.due || a.m.number - b.m.number);
    const overdue = dated.filter((x) => x.due < now).sort((a, b) => b.due - a.due || a.m.number - b.m.number);
    const chosen = upcoming[0] ?? overdue[0];
    return { milestone: chosen.m, reason: 'nearestDue' };
  }
  if (open.length > 0) {
    const lowest = [...open].sort((a, b) => a.number - b.number)[0];
    return { milestone: lowest, reason: 'noDueDate' };
  }
  return { reason: 'none' };
}
