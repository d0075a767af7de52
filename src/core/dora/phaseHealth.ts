import type { Signal } from '../signal';
import { serviceOf } from './deploys';
import { median } from './quantile';
import { inWindow, type TimeWindow } from './window';

/**
 * Health of the phases around the four keys, from whatever services report them: CI on the default
 * branch, pull request cycle time and review wait, alerts firing now, errors first seen in the window.
 * Service-neutral conventions read from signals: `detail.durationMs` (a finished run's duration),
 * `detail.mergedAt` (ms), `detail.reviews[].submittedAt` (ISO or ms); without them the signal's own
 * times are used (a merged pull request's last update).
 */
export interface PhaseHealth {
  ci: { runs: Signal[]; successRate?: number; medianDurationMs?: number };
  pullRequests: { merged: Signal[]; medianCycleMs?: number; reviewed: Signal[]; medianReviewWaitMs?: number };
  alerts: { firing: Signal[]; bySeverity: Record<string, number> };
  errors: { newInWindow: Signal[] };
}

export interface PhaseHealthOptions {
  service?: string;
  /** Default branch by repository identity; `main` or `master` when a repository is not listed. */
  defaultBranches?: Readonly<Record<string, string>>;
}

export function phaseHealth(signals: readonly Signal[], window: TimeWindow, options: PhaseHealthOptions = {}): PhaseHealth {
  const mine = options.service ? signals.filter((s) => serviceOf(s) === options.service) : signals;
  const isDefault = (s: Signal) => {
    const wanted = options.defaultBranches?.[s.anchors.repo ?? ''];
    return wanted ? s.anchors.branch === wanted : s.anchors.branch === 'main' || s.anchors.branch === 'master';
  };
  const runs = mine.filter(
    (s) =>
      s.kind === 'pipelineRun' &&
      isDefault(s) &&
      (s.state.normal === 'success' || s.state.normal === 'failed') &&
      inWindow(s.createdAt, window),
  );
  const durations = runs.flatMap((s) => {
    const d = s.detail?.durationMs;
    return typeof d === 'number' && Number.isFinite(d) ? [d] : [];
  });
  const successRate = runs.length > 0 ? runs.filter((s) => s.state.normal === 'success').length / runs.length : undefined;
  const medianDurationMs = median(durations);

  const prs = mine.filter((s) => s.kind === 'pullRequest');
  const merged = prs.filter((s) => s.state.normal === 'merged' && inWindow(mergedAt(s), window));
  const medianCycleMs = median(merged.map((s) => Math.max(0, mergedAt(s) - s.createdAt)));
  const reviewed = prs.filter((s) => inWindow(s.createdAt, window) && firstReviewAt(s) !== undefined);
  const medianReviewWaitMs = median(reviewed.map((s) => Math.max(0, (firstReviewAt(s) as number) - s.createdAt)));

  const firing = mine.filter((s) => s.kind === 'alert' && s.state.normal === 'firing');
  const bySeverity: Record<string, number> = {};
  for (const a of firing) {
    const severity = a.tags.find((t) => t.startsWith('severity:'))?.slice(9) ?? a.labels[0] ?? 'none';
    bySeverity[severity] = (bySeverity[severity] ?? 0) + 1;
  }
  const newInWindow = mine.filter((s) => s.kind === 'error' && inWindow(s.createdAt, window));
  return {
    ci: { runs, ...(successRate !== undefined ? { successRate } : {}), ...(medianDurationMs !== undefined ? { medianDurationMs } : {}) },
    pullRequests: {
      merged,
      reviewed,
      ...(medianCycleMs !== undefined ? { medianCycleMs } : {}),
      ...(medianReviewWaitMs !== undefined ? { medianReviewWaitMs } : {}),
    },
    alerts: { firing, bySeverity },
    errors: { newInWindow },
  };
}

function mergedAt(s: Signal): number {
  const at = s.detail?.mergedAt;
  return typeof at === 'number' && Number.isFinite(at) ? at : s.updatedAt;
}

function firstReviewAt(s: Signal): number | undefined {
  const reviews = s.detail?.reviews;
  if (!Array.isArray(reviews)) return undefined;
  let first: number | undefined;
  for (const r of reviews) {
    const raw = (r as { submittedAt?: unknown } | null)?.submittedAt;
    const at = typeof raw === 'number' ? raw : typeof raw === 'string' ? Date.parse(raw) : NaN;
    if (Number.isFinite(at) && (first === undefined || at < first)) first = at;
  }
  return first;
}
