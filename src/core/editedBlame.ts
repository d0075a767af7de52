/**
 * The blame of an edited buffer from the blame of the file as saved: lines the edit did not touch keep
 * their commit and move by what was inserted or removed above them; typed lines are "not committed
 * yet". Pure and linear in the file's length, so a keystroke costs no `git blame` (a 15,000-line file
 * with 300 commits takes git about a second). The edit is found as git would show it for one region:
 * the common head and tail of both texts; an edit in several places marks what lies between them as
 * typed, until the file is saved and blamed again.
 */
import type { DiffHunk } from './lineMap';
import type { BlameHunkLike } from './lineFeedback';

/**
 * The one region where `after` differs from `before`, by lines (undefined: no difference). `before`
 * may come split already (the saved file's lines, the same at every keystroke).
 */
export function editRegion(before: string | readonly string[], after: string): DiffHunk | undefined {
  if (before === after) return undefined;
  const a = typeof before === 'string' ? before.split('\n') : before;
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  if (head === a.length && a.length === b.length) return undefined;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const oldCount = a.length - head - tail;
  const newCount = b.length - head - tail;
  // Hunk numbering as git's: a pure insertion after line `head` is `-head,0`.
  return { oldStart: oldCount === 0 ? head : head + 1, oldCount, newStart: newCount === 0 ? head : head + 1, newCount };
}

/** `hunks` (of `before`) as they apply to `after`, with `typed` standing for the edited lines. */
export function editedBlame<H extends BlameHunkLike & { origStartLine?: number }>(
  hunks: readonly H[],
  region: DiffHunk | undefined,
  typed: (startLine: number, lineCount: number) => H,
): H[] {
  if (!region) return [...hunks];
  const firstOld = region.oldCount === 0 ? region.oldStart + 1 : region.oldStart;
  const lastOld = firstOld + region.oldCount - 1;
  const shift = region.newCount - region.oldCount;
  const out: H[] = [];
  let typedAdded = false;
  const addTyped = () => {
    if (!typedAdded && region.newCount > 0) out.push(typed(region.newStart, region.newCount));
    typedAdded = true;
  };
  for (const h of [...hunks].sort((x, y) => x.startLine - y.startLine)) {
    const end = h.startLine + h.lineCount - 1;
    // The part above the edit stays where it is.
    if (h.startLine < firstOld) out.push({ ...h, lineCount: Math.min(h.lineCount, firstOld - h.startLine) });
    if (end >= firstOld) addTyped();
    // The part below it moves by the lines added or removed.
    const from = Math.max(h.startLine, lastOld + 1);
    if (end >= from) {
      const lower: H = { ...h, startLine: from + shift, lineCount: end - from + 1 };
      // Where these lines start in the commit that wrote them moves with the cut.
      if (h.origStartLine !== undefined) lower.origStartLine = h.origStartLine + (from - h.startLine);
      out.push(lower);
    }
  }
  addTyped();
  return out.filter((h) => h.lineCount > 0).sort((x, y) => x.startLine - y.startLine);
}
