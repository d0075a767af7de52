import type { Frequency } from './deploymentFrequency';
import type { FailureRate } from './changeFailureRate';
import type { LeadTime } from './leadTime';
import type { RecoveryTime } from './recoveryTime';
import { span } from './span';
import { DAY_MS, type TimeWindow } from './window';

/**
 * One "what would improve this" line per metric, read from the events of the window (a pattern when
 * there is one, else the biggest contributor), so the advice points at something the team can look at.
 * Days and hours are in the user's time zone: `utcOffsetMinutes` comes from the host.
 */
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function frequencyInsight(f: Frequency, window: TimeWindow): string {
  if (f.count === 0) return 'No successful deploy in this window: ship a small change, and record deploys (DevOps: Report Deploy…).';
  const times = [window.start, ...f.deploys.map((d) => d.at), window.end];
  let gap = 0;
  let gapStart = window.start;
  for (let i = 1; i < times.length; i++) {
    if (times[i] - times[i - 1] > gap) {
      gap = times[i] - times[i - 1];
      gapStart = times[i - 1];
    }
  }
  const days = new Set(f.deploys.map((d) => Math.floor((d.at - window.start) / DAY_MS))).size;
  return `Deploys on ${days} of ${window.days} days; the longest stretch without one was ${span(gap)} (from ${isoDay(gapStart)}). Smaller, more frequent releases raise this.`;
}

export function leadTimeInsight(l: LeadTime): string {
  if (l.changes.length === 0) return 'No change reached this environment in the window.';
  const slow = l.changes.filter((c) => c.leadMs > 7 * DAY_MS);
  const slowest = l.changes.reduce((a, b) => (b.leadMs > a.leadMs ? b : a));
  const lead = `${slow.length} of ${l.changes.length} changes waited more than a week`;
  return `${lead}; the slowest (${slowest.commit.slice(0, 8)}) waited ${span(slowest.leadMs)}. Merging and deploying smaller batches sooner shortens this.`;
}

export function failureInsight(r: FailureRate, utcOffsetMinutes: number): string {
  if (r.attempts.length === 0) return 'No deploy in this window.';
  if (r.failed.length === 0) return 'No deploy of this window failed, was rolled back or had an incident.';
  const slots = new Map<string, number>();
  for (const { deploy } of r.failed) {
    const local = new Date(deploy.at + utcOffsetMinutes * 60_000);
    const hour = local.getUTCHours();
    const part = hour < 12 ? 'mornings' : hour < 18 ? 'afternoons' : 'evenings';
    const slot = `${WEEKDAYS[local.getUTCDay()]} ${part}`;
    slots.set(slot, (slots.get(slot) ?? 0) + 1);
  }
  const [slot, n] = [...slots].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  if (n >= 2 && n * 2 >= r.failed.length) {
    return `${n} of ${r.failed.length} failures followed deploys of ${slot}: look at what those deploys have in common (size, review, who is around).`;
  }
  const causes = { failed: 0, rolledBack: 0, incident: 0 };
  for (const { failures } of r.failed) for (const f of new Set(failures.map((x) => x.cause))) causes[f]++;
  return `${causes.failed} failed, ${causes.rolledBack} rolled back, ${causes.incident} with an incident: tests and checks that run before the deploy catch the first kind.`;
}

export function recoveryInsight(t: RecoveryTime): string {
  if (t.recoveries.length === 0) return 'Nothing to recover from in this window.';
  const done = t.recoveries.filter((r) => r.ms !== undefined);
  const open = t.open > 0 ? ` ${t.open} still open.` : '';
  if (done.length === 0) return `No failure of this window is resolved yet.${open}`;
  const slowest = done.reduce((a, b) => ((b.ms as number) > (a.ms as number) ? b : a));
  return `The slowest recovery took ${span(slowest.ms as number)} (${slowest.title.slice(0, 80)}).${open} A one-step rollback and alerts that page sooner shorten this.`;
}

function isoDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}
