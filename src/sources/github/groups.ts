/**
 * How the Plan and Code views group GitHub signals, kept here (pure) so the tree providers only
 * render: Plan by milestone, then by assignee or by state; Code by "waiting for my review",
 * "created by me" and "all open".
 */
import { tagValue, type Signal } from '../../core/signal';
import type { PullRequestCategory } from './mapping';

export interface SignalGroup {
  /** Display label, e.g. a milestone title, a login, or a state word. */
  label: string;
  signals: Signal[];
  children?: SignalGroup[];
}

export const NO_MILESTONE = 'No milestone';
export const UNASSIGNED = 'Unassigned';

/** Milestones in first-seen order (the sprint's issues come first), each split by assignee or state. */
export function groupPlan(items: readonly Signal[], then: 'assignee' | 'state'): SignalGroup[] {
  return groupBy(items, (s) => [tagValue(s, 'milestone') ?? NO_MILESTONE]).map((milestone) => ({
    ...milestone,
    children: groupBy(milestone.signals, (s) => (then === 'assignee' ? assigneesOf(s) : [s.state.normal])),
  }));
}

/** The three Code view sections, in order; a pull request can be in several. */
export function groupPullRequests(pulls: readonly Signal[]): Record<PullRequestCategory, Signal[]> {
  const out: Record<PullRequestCategory, Signal[]> = { waitingForMyReview: [], createdByMe: [], open: [] };
  for (const pr of pulls) {
    for (const category of (pr.detail?.categories as PullRequestCategory[] | undefined) ?? []) {
      out[category]?.push(pr);
    }
  }
  return out;
}

function assigneesOf(signal: Signal): string[] {
  const logins = signal.tags.filter((t) => t.startsWith('assignee:')).map((t) => t.slice('assignee:'.length));
  return logins.length > 0 ? logins : [UNASSIGNED];
}

function groupBy(items: readonly Signal[], keys: (s: Signal) => string[]): SignalGroup[] {
  const groups = new Map<string, Signal[]>();
  for (const item of items) {
    for (const key of keys(item)) {
      const list = groups.get(key) ?? [];
      list.push(item);
      groups.set(key, list);
    }
  }
  return [...groups].map(([label, signals]) => ({ label, signals }));
}
