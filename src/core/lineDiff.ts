/**
 * A line diff of two texts in memory, as `git diff -U0` would list its hunks: Myers' O((N+M)·D)
 * algorithm (the one git uses by default) after the common head and tail are set aside, so a few
 * edits anywhere in a 15,000-line file cost a few milliseconds. Pure.
 */
import type { DiffHunk } from './lineMap';

/** A run of equal lines: `a[aStart…]` is `b[bStart…]` for `length` lines (0-based). */
interface Run {
  aStart: number;
  bStart: number;
  length: number;
}

/**
 * The hunks turning `a` into `b`, numbered as git numbers them (1-based; a pure insertion after line
 * `n` is `-n,0`, a pure deletion after new line `n` is `+n,0`); [] when they are equal. Undefined when
 * more than `maxChanges` lines were added and removed: past that, the caller has a better tool (git)
 * than a diff whose cost grows with the changes.
 */
export function diffLines(a: readonly string[], b: readonly string[], maxChanges: number): DiffHunk[] | undefined {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const runs = middleRuns(a, b, head, a.length - tail, head, b.length - tail, maxChanges);
  if (!runs) return undefined;
  // The common head and tail are runs too; the gaps between runs are the hunks.
  const all: Run[] = [{ aStart: 0, bStart: 0, length: head }, ...runs, { aStart: a.length - tail, bStart: b.length - tail, length: tail }];
  const hunks: DiffHunk[] = [];
  for (let i = 0; i + 1 < all.length; i++) {
    const oldFrom = all[i].aStart + all[i].length;
    const newFrom = all[i].bStart + all[i].length;
    const oldCount = all[i + 1].aStart - oldFrom;
    const newCount = all[i + 1].bStart - newFrom;
    if (oldCount === 0 && newCount === 0) continue;
    hunks.push({
      oldStart: oldCount === 0 ? oldFrom : oldFrom + 1,
      oldCount,
      newStart: newCount === 0 ? newFrom : newFrom + 1,
      newCount,
    });
  }
  return hunks;
}

/**
 * The runs of equal lines of `a[aFrom, aTo)` and `b[bFrom, bTo)` on a shortest edit script, in order
 * (Myers' greedy forward search, keeping each round's furthest reach to walk back the path).
 */
function middleRuns(
  a: readonly string[],
  b: readonly string[],
  aFrom: number,
  aTo: number,
  bFrom: number,
  bTo: number,
  maxChanges: number,
): Run[] | undefined {
  const n = aTo - aFrom;
  const m = bTo - bFrom;
  if (n === 0 || m === 0) return n + m <= maxChanges ? [] : undefined;
  const max = Math.min(n + m, maxChanges);
  // reach[k + offset]: the furthest x on diagonal k = x - y (x, y relative to aFrom, bFrom).
  const offset = max + 1;
  const reach = new Int32Array(2 * max + 3);
  // Round d's reach before it ran, diagonals -d-1 … d+1 (what the walk back reads).
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(reach.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && reach[offset + k - 1] < reach[offset + k + 1]) ? reach[offset + k + 1] : reach[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[aFrom + x] === b[bFrom + y]) {
        x++;
        y++;
      }
      reach[offset + k] = x;
      if (x >= n && y >= m) return walkBack(trace, d, n, m, aFrom, bFrom);
    }
  }
  return undefined;
}

/** From the end back to the start along the rounds' reaches: the equal runs (diagonals) met on the way. */
function walkBack(trace: readonly Int32Array[], last: number, n: number, m: number, aFrom: number, bFrom: number): Run[] {
  const runs: Run[] = [];
  let x = n;
  let y = m;
  for (let d = last; d >= 0; d--) {
    const before = trace[d];
    const at = (k: number) => before[k + d + 1];
    const k = x - y;
    let startX = 0;
    let startY = 0;
    if (d > 0) {
      const fromK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
      const fromX = at(fromK);
      const fromY = fromX - fromK;
      // The step from (fromX, fromY): down (a line of b inserted) or right (a line of a removed).
      startX = fromK === k + 1 ? fromX : fromX + 1;
      startY = fromK === k + 1 ? fromY + 1 : fromY;
      if (x > startX) runs.push({ aStart: aFrom + startX, bStart: bFrom + startY, length: x - startX });
      x = fromX;
      y = fromY;
    } else if (x > 0) {
      runs.push({ aStart: aFrom, bStart: bFrom, length: x });
    }
  }
  return runs.reverse();
}
