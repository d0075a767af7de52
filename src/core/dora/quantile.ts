/**
 * Median and percentiles by the nearest-rank method: the value at rank ceil(p × n) of the sorted
 * samples. Chosen because every result is one of the samples (a real commit's lead time, a real
 * incident's duration), so a team can find the event behind a number; no interpolation.
 */
export function quantile(samples: readonly number[], p: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

export function median(samples: readonly number[]): number | undefined {
  return quantile(samples, 0.5);
}
