/** Tiny measuring helpers for the bench: median of repeated runs, heap after a forced GC. */

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Runs `fn` `runs` times after `warmup` runs and returns the median duration in ms. With `settle`,
 * a full GC runs before each timed run (untimed), so one run does not pay for the garbage of the last.
 */
export function time(fn: () => void, runs = 7, warmup = 2, settle = false): number {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (settle) heapUsed();
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

export interface BenchRow {
  name: string;
  value: string;
  target?: string;
  ok?: boolean;
}

export function printRows(rows: BenchRow[]): void {
  const width = Math.max(...rows.map((r) => r.name.length));
  const valueWidth = Math.max(...rows.map((r) => r.value.length));
  for (const r of rows) {
    const verdict = r.ok === undefined ? '' : r.ok ? '  ok' : '  MISSED';
    console.log(`${r.name.padEnd(width)}  ${r.value.padStart(valueWidth)}${r.target ? `  (target ${r.target})` : ''}${verdict}`);
  }
}
