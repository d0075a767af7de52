/**
 * The blame of an edited buffer from the blame of the file as saved: lines the edits did not touch
 * keep their commit and move by what was inserted or removed above them; typed lines are "not
 * committed yet". Pure and about linear in the file's length, so a keystroke costs no `git blame` (a
 * 15,000-line file with 300 commits takes git about a second). The edits are found as git would
 * show them (core/lineDiff), wherever they are in the file.
 */
import { diffLines } from './lineDiff';
import type { DiffHunk } from './lineMap';
import type { BlameHunkLike } from './lineFeedback';

/**
 * Past this many lines added and removed (a file rewritten, reformatted), git's own blame of the buffer
 * (`--contents`) is worth its cost: the diff's time and memory grow with the changes (1,000 in a
 * 15,000-line file: tens of ms and a few MB), git's does not.
 */
export const MAX_FOLLOWED_CHANGES = 1000;

/**
 * Where `after` differs from `before`, by lines ([] when it does not; undefined past
 * MAX_FOLLOWED_CHANGES). `before` may come split already (the saved file's lines, the same at every keystroke).
 */
export function bufferEdits(before: string | readonly string[], after: string): DiffHunk[] | undefined {
  if (before === after) return [];
  const a = typeof before === 'string' ? before.split('\n') : before;
  return diffLines(a, after.split('\n'), MAX_FOLLOWED_CHANGES);
}

/** `hunks` (of `before`) as they apply to `after`, with `typed` standing for each run of edited lines. */
export function editedBlame<H extends BlameHunkLike & { origStartLine?: number }>(
  hunks: readonly H[],
  edits: readonly DiffHunk[],
  typed: (startLine: number, lineCount: number) => H,
): H[] {
  if (edits.length === 0) return [...hunks];
  const kept = keptRanges(edits);
  const out: H[] = edits.filter((e) => e.newCount > 0).map((e) => typed(e.newStart, e.newCount));
  let i = 0;
  for (const h of [...hunks].sort((x, y) => x.startLine - y.startLine)) {
    const end = h.startLine + h.lineCount - 1;
    while (i < kept.length && kept[i].last < h.startLine) i++;
    // Each range of untouched lines the hunk overlaps keeps its part, moved by the lines added or removed above.
    for (let j = i; j < kept.length && kept[j].first <= end; j++) {
      const from = Math.max(h.startLine, kept[j].first);
      const to = Math.min(end, kept[j].last);
      if (from > to) continue;
      const part: H = { ...h, startLine: from + kept[j].shift, lineCount: to - from + 1 };
      // Where these lines start in the commit that wrote them moves with the cut.
      if (h.origStartLine !== undefined) part.origStartLine = h.origStartLine + (from - h.startLine);
      out.push(part);
    }
  }
  return out.sort((x, y) => x.startLine - y.startLine);
}

/** The old lines no edit touched, in ranges, each with how far it moved (edits in git's numbering, in order). */
function keptRanges(edits: readonly DiffHunk[]): Array<{ first: number; last: number; shift: number }> {
  const ranges: Array<{ first: number; last: number; shift: number }> = [];
  let next = 1; // the first old line not yet placed
  let shift = 0;
  for (const e of edits) {
    const firstTouched = e.oldCount === 0 ? e.oldStart + 1 : e.oldStart;
    if (firstTouched > next) ranges.push({ first: next, last: firstTouched - 1, shift });
    next = firstTouched + e.oldCount;
    shift += e.newCount - e.oldCount;
  }
  ranges.push({ first: next, last: Number.MAX_SAFE_INTEGER, shift });
  return ranges;
}
