import { duration } from '../core/format';
import type { Signal } from '../core/signal';
import type { StatusSummary } from './statusBar';

/**
 * The status-bar text for a CI run of HEAD's branch, whichever service ran it: spinning while queued
 * or running, a check or a cross when done (error background on failure); the click opens its details.
 * @param what  the first tooltip line: the run, its branch and its repository (`CI #12 on main (octo/app)`)
 */
export function runSummary(run: Signal, what: string): StatusSummary {
  const state = run.state.normal;
  const icon =
    state === 'running' || state === 'queued'
      ? '$(sync~spin)'
      : state === 'success'
        ? '$(pass)'
        : state === 'failed'
          ? '$(error)'
          : '$(circle-slash)';
  const ms = run.detail?.durationMs;
  const lines = [
    `${what}: ${run.state.native.replace(/_/g, ' ')}`,
    typeof ms === 'number' ? `Duration: ${duration(ms)}` : `Started ${new Date(run.createdAt).toLocaleString()}`,
  ];
  if (run.url) lines.push(run.url);
  lines.push('Click for details.');
  return { text: `${icon} CI`, tooltip: lines.join('\n'), tone: state === 'failed' ? 'error' : 'normal', signalId: run.id };
}
