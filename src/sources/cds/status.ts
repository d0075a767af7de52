/**
 * CDS status words (sdk/build.go of ovh/cds) mapped to the shared states. Words the SDK may add later
 * fall back to `unknown` with the native word kept.
 */
import type { NormalState } from '../../core/signal';

const STATES: Record<string, NormalState> = {
  Pending: 'queued',
  Waiting: 'queued',
  Checking: 'queued',
  Crafting: 'queued',
  Scheduling: 'queued',
  Registering: 'queued',
  Building: 'running',
  Retrying: 'running',
  Success: 'success',
  Fail: 'failed',
  Stopped: 'cancelled',
  Cancelled: 'cancelled',
  Skipped: 'skipped',
  Disabled: 'skipped',
  Blocked: 'queued',
  'Never Built': 'unknown',
  Unknown: 'unknown',
};

export function cdsState(status: unknown): { normal: NormalState; native: string } {
  const native = typeof status === 'string' && status ? status : 'Unknown';
  return { normal: Object.hasOwn(STATES, native) ? STATES[native] : 'unknown', native };
}
