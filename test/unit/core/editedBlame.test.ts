import assert from 'node:assert/strict';
import { editRegion, editedBlame } from '../../../src/core/editedBlame';
import type { BlameHunkLike } from '../../../src/core/lineFeedback';

const hunk = (startLine: number, lineCount: number, commit: string): BlameHunkLike => ({
  startLine,
  lineCount,
  commit,
  committed: true,
  author: 'Ada',
  authorTime: 0,
  summary: commit,
});
const typed = (startLine: number, lineCount: number): BlameHunkLike => ({
  ...hunk(startLine, lineCount, '0'.repeat(40)),
  committed: false,
});
const shape = (hunks: BlameHunkLike[]) => hunks.map((h) => [h.startLine, h.lineCount, h.committed ? h.commit : 'typed']);
const text = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

describe('editedBlame', () => {
  // Lines 1-4 from a, 5-8 from b, 9-10 from c.
  const blame = [hunk(1, 4, 'a'), hunk(5, 4, 'b'), hunk(9, 2, 'c')];
  const before = text(10).join('\n') + '\n';

  it('finds the one edited region as git numbers it', () => {
    const inserted = text(10);
    inserted.splice(6, 0, 'new');
    assert.deepEqual(editRegion(before, inserted.join('\n') + '\n'), { oldStart: 6, oldCount: 0, newStart: 7, newCount: 1 });
    const changed = text(10);
    changed[2] = 'CHANGED';
    assert.deepEqual(editRegion(before, changed.join('\n') + '\n'), { oldStart: 3, oldCount: 1, newStart: 3, newCount: 1 });
    const removed = text(10);
    removed.splice(3, 2);
    assert.deepEqual(editRegion(before, removed.join('\n') + '\n'), { oldStart: 4, oldCount: 2, newStart: 3, newCount: 0 });
    assert.equal(editRegion(before, before), undefined);
    assert.equal(editRegion(before.split('\n'), before), undefined, 'the saved lines, split already');
    assert.deepEqual(editRegion(before.split('\n'), inserted.join('\n') + '\n'), { oldStart: 6, oldCount: 0, newStart: 7, newCount: 1 });
  });

  it('a line typed inside a block splits it; the lines below move down', () => {
    const after = text(10);
    after.splice(6, 0, 'new');
    assert.deepEqual(shape(editedBlame(blame, editRegion(before, after.join('\n') + '\n'), typed)), [
      [1, 4, 'a'],
      [5, 2, 'b'],
      [7, 1, 'typed'],
      [8, 2, 'b'],
      [10, 2, 'c'],
    ]);
  });

  it('a changed line is typed; deleted lines take their blame with them', () => {
    const changed = text(10);
    changed[4] = 'CHANGED';
    assert.deepEqual(shape(editedBlame(blame, editRegion(before, changed.join('\n') + '\n'), typed)), [
      [1, 4, 'a'],
      [5, 1, 'typed'],
      [6, 3, 'b'],
      [9, 2, 'c'],
    ]);
    const removed = text(10);
    removed.splice(3, 2); // lines 4 and 5
    assert.deepEqual(shape(editedBlame(blame, editRegion(before, removed.join('\n') + '\n'), typed)), [
      [1, 3, 'a'],
      [4, 3, 'b'],
      [7, 2, 'c'],
    ]);
  });

  it('lines appended at the end are typed', () => {
    const after = before + 'more\n';
    assert.deepEqual(shape(editedBlame(blame, editRegion(before, after), typed)), [
      [1, 4, 'a'],
      [5, 4, 'b'],
      [9, 2, 'c'],
      [11, 1, 'typed'],
    ]);
  });
});
