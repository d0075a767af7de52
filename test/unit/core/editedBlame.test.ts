import assert from 'node:assert/strict';
import { bufferEdits, editedBlame, MAX_FOLLOWED_CHANGES } from '../../../src/core/editedBlame';
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

  it('finds an edited region as git numbers it', () => {
    const inserted = text(10);
    inserted.splice(6, 0, 'new');
    assert.deepEqual(bufferEdits(before, inserted.join('\n') + '\n'), [{ oldStart: 6, oldCount: 0, newStart: 7, newCount: 1 }]);
    const changed = text(10);
    changed[2] = 'CHANGED';
    assert.deepEqual(bufferEdits(before, changed.join('\n') + '\n'), [{ oldStart: 3, oldCount: 1, newStart: 3, newCount: 1 }]);
    const removed = text(10);
    removed.splice(3, 2);
    assert.deepEqual(bufferEdits(before, removed.join('\n') + '\n'), [{ oldStart: 4, oldCount: 2, newStart: 3, newCount: 0 }]);
    assert.deepEqual(bufferEdits(before, before), []);
    assert.deepEqual(bufferEdits(before.split('\n'), before), [], 'the saved lines, split already');
    assert.deepEqual(bufferEdits(before.split('\n'), inserted.join('\n') + '\n'), [{ oldStart: 6, oldCount: 0, newStart: 7, newCount: 1 }]);
  });

  it('a line typed inside a block splits it; the lines below move down', () => {
    const after = text(10);
    after.splice(6, 0, 'new');
    assert.deepEqual(shape(editedBlame(blame, bufferEdits(before, after.join('\n') + '\n')!, typed)), [
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
    assert.deepEqual(shape(editedBlame(blame, bufferEdits(before, changed.join('\n') + '\n')!, typed)), [
      [1, 4, 'a'],
      [5, 1, 'typed'],
      [6, 3, 'b'],
      [9, 2, 'c'],
    ]);
    const removed = text(10);
    removed.splice(3, 2); // lines 4 and 5
    assert.deepEqual(shape(editedBlame(blame, bufferEdits(before, removed.join('\n') + '\n')!, typed)), [
      [1, 3, 'a'],
      [4, 3, 'b'],
      [7, 2, 'c'],
    ]);
  });

  it('lines appended at the end are typed', () => {
    const after = before + 'more\n';
    assert.deepEqual(shape(editedBlame(blame, bufferEdits(before, after)!, typed)), [
      [1, 4, 'a'],
      [5, 4, 'b'],
      [9, 2, 'c'],
      [11, 1, 'typed'],
    ]);
  });

  it('edits far apart each keep the lines between them with their commits', () => {
    const after = text(10);
    after[1] = 'CHANGED'; // line 2, in a's block
    after.splice(8, 0, 'new'); // before line 9, c's block
    const edits = bufferEdits(before, after.join('\n') + '\n');
    assert.deepEqual(edits, [
      { oldStart: 2, oldCount: 1, newStart: 2, newCount: 1 },
      { oldStart: 8, oldCount: 0, newStart: 9, newCount: 1 },
    ]);
    assert.deepEqual(shape(editedBlame(blame, edits!, typed)), [
      [1, 1, 'a'],
      [2, 1, 'typed'],
      [3, 2, 'a'],
      [5, 4, 'b'],
      [9, 1, 'typed'],
      [10, 2, 'c'],
    ]);
  });

  it('where a block was cut, the lines below it keep their place in the commit that wrote them', () => {
    const withOrigin = [{ ...hunk(1, 10, 'a'), origStartLine: 101 }];
    const after = text(10);
    after.splice(2, 1); // line 3 removed
    after.splice(6, 0, 'new'); // after old line 7
    const blamed = editedBlame(withOrigin, bufferEdits(before, after.join('\n') + '\n')!, (line, count) => ({
      ...typed(line, count),
      origStartLine: line,
    }));
    assert.deepEqual(
      blamed.map((h) => [h.startLine, h.lineCount, h.committed ? h.origStartLine : 'typed']),
      [
        [1, 2, 101],
        [3, 4, 104],
        [7, 1, 'typed'],
        [8, 3, 108],
      ],
    );
  });

  it('a 15,000-line file edited at both ends and in the middle is followed, not blamed again', () => {
    const saved = text(15_000);
    const after = [...saved];
    after.splice(14_000, 0, 'bottom');
    after.splice(7_500, 1, 'middle');
    after.splice(10, 0, 'top', 'top again');
    const edits = bufferEdits(saved, after.join('\n'));
    assert.deepEqual(edits, [
      { oldStart: 10, oldCount: 0, newStart: 11, newCount: 2 },
      { oldStart: 7501, oldCount: 1, newStart: 7503, newCount: 1 },
      { oldStart: 14000, oldCount: 0, newStart: 14003, newCount: 1 },
    ]);
  });

  it('past MAX_FOLLOWED_CHANGES changed lines, it leaves the buffer to git', () => {
    const saved = text(5_000);
    const rewritten = saved.map((l, i) => (i % 4 === 0 ? `${l} reformatted` : l));
    assert.equal(bufferEdits(saved, rewritten.join('\n')), undefined);
    const fewer = saved.map((l, i) => (i % 4 === 0 && i < MAX_FOLLOWED_CHANGES ? `${l} reformatted` : l));
    assert.equal(bufferEdits(saved, fewer.join('\n'))?.length, MAX_FOLLOWED_CHANGES / 4);
  });
});
