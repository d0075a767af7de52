/**
 * Line mapping from `git diff -U0` hunks. The diff texts are what git prints (shapes checked against a
 * real repository in test/unit/sources/git/findingLines.test.ts); here every hunk form is covered.
 */
import assert from 'node:assert/strict';
import { mapLine, mapRange, parseDiff } from '../../../src/core/lineMap';

const DIFF = [
  'diff --git a/src/a.ts b/src/a.ts',
  'index 1111111..2222222 100644',
  '--- a/src/a.ts',
  '+++ b/src/a.ts',
  '@@ -0,0 +1,3 @@', // three lines inserted at the top
  '+x',
  '+y',
  '+z',
  '@@ -10 +13 @@', // line 10 changed
  '-old',
  '+new',
  '@@ -20,2 +22,0 @@', // lines 20-21 deleted
  '-gone',
  '-gone',
  '@@ -30,0 +29,1 @@', // one line inserted after 30
  '+added',
  'diff --git a/gone.ts b/gone.ts',
  'deleted file mode 100644',
  '--- a/gone.ts',
  '+++ /dev/null',
  '@@ -1,2 +0,0 @@',
  '-a',
  '-b',
  'diff --git "a/sp\\303\\251cial \\"q\\".ts" "b/sp\\303\\251cial \\"q\\".ts"',
  '--- "a/sp\\303\\251cial \\"q\\".ts"',
  '+++ "b/sp\\303\\251cial \\"q\\".ts"',
  '@@ -1 +1,2 @@',
  '-a',
  '+a',
  '+b',
  '',
].join('\n');

describe('lineMap', () => {
  const files = parseDiff(DIFF);
  const a = files.get('src/a.ts');

  it('reads every file of a multi-file diff, unquoting C-quoted paths', () => {
    assert.deepEqual([...files.keys()], ['src/a.ts', 'gone.ts', 'spécial "q".ts']);
    assert.deepEqual(a?.hunks, [
      { oldStart: 0, oldCount: 0, newStart: 1, newCount: 3 },
      { oldStart: 10, oldCount: 1, newStart: 13, newCount: 1 },
      { oldStart: 20, oldCount: 2, newStart: 22, newCount: 0 },
      { oldStart: 30, oldCount: 0, newStart: 29, newCount: 1 },
    ]);
    assert.equal(files.get('gone.ts')?.deleted, true);
  });

  it('moves lines by what was inserted and deleted above them', () => {
    assert.equal(mapLine(a, 1), 4);
    assert.equal(mapLine(a, 9), 12);
    assert.equal(mapLine(a, 11), 14);
    assert.equal(mapLine(a, 22), 23); // 3 inserted, 2 deleted above
    assert.equal(mapLine(a, 30), 31);
    assert.equal(mapLine(a, 31), 33); // after the insertion below 30
  });

  it('says a changed or deleted line is gone', () => {
    assert.equal(mapLine(a, 10), undefined);
    assert.equal(mapLine(a, 20), undefined);
    assert.equal(mapLine(a, 21), undefined);
    assert.equal(mapLine(files.get('gone.ts'), 1), undefined);
  });

  it('keeps lines of a file the diff does not list where they are', () => {
    assert.equal(mapLine(files.get('untouched.ts'), 40), 40);
  });

  it('maps a range only when none of its lines changed, widening it over insertions', () => {
    assert.deepEqual(mapRange(a, 2, 5), { line: 5, endLine: 8 });
    assert.equal(mapRange(a, 8, 12), undefined); // line 10 inside changed
    assert.deepEqual(mapRange(a, 29, 31), { line: 30, endLine: 33 });
    assert.deepEqual(mapRange(a, 7), { line: 10, endLine: 10 });
  });
});
