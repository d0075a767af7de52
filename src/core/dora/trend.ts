/**
 * The trend of a metric against the previous window of the same length. "Same" within 5% (or both
 * zero), so noise on small numbers does not flip arrows; unknown when either side has no value.
 */
export type Trend = 'better' | 'worse' | 'same' | 'unknown';

export function trend(current: number | undefined, previous: number | undefined, higherIsBetter: boolean): Trend {
  if (current === undefined || previous === undefined) return 'unknown';
  const scale = Math.max(Math.abs(current), Math.abs(previous));
  if (scale === 0 || Math.abs(current - previous) <= 0.05 * scale) return 'same';
  return current > previous === higherIsBetter ? 'better' : 'worse';
}
