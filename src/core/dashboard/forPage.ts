import type { DoraReport, Tile } from '../dora/model';

/**
 * The report as the page gets it: at most `max` events per tile (the biggest first, as listed), so a
 * 90-day window of a busy repository (tens of thousands of changes) stays a small message. The
 * export writes the full report.
 */
export function forPage(report: DoraReport, max = 200): DoraReport {
  const cut = (t: Tile): Tile => ({ ...t, events: t.events.slice(0, max) });
  return { ...report, keys: report.keys.map(cut), phases: report.phases.map(cut) };
}
