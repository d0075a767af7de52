/**
 * Review threads relocated through a real git repository: the diff of `diffsSince` (what the
 * editor's comment controller runs) read by `placeFindings`, from a commit two commits back to the
 * working tree.
 */
import assert from 'node:assert/strict';
import { placeFindings } from '../../../../src/core/lineMap';
import { reviewThreadOf, reviewThreadSignal } from '../../../../src/core/reviewThread';
import { diffsSince } from '../../../../src/sources/git/findingLines';
import { removeDir, TestRepo } from './fixtures';

const lines = (n: number, tag = 'line') => Array.from({ length: n }, (_, i) => `${tag} ${i + 1}`);

describe('review threads relocated with a real git repository', function () {
  this.timeout(30_000);
  let t: TestRepo;
  let old: string;

  beforeEach(() => {
    t = TestRepo.init('review-lines');
    old = t.commit('feat: a file of 60 lines', { 'src/app.ts': `${lines(60).join('\n')}\n`, 'README.md': 'hi\n' });
    t.commit('docs: readme', { 'README.md': 'hello\n' });
  });
  afterEach(() => removeDir(t.dir));

  function thread(line: number, endLine?: number) {
    const s = reviewThreadSignal({
      source: 'forge:x#reviews',
      nativeId: `t${line}`,
      path: 'src/app.ts',
      line,
      ...(endLine ? { endLine } : {}),
      commit: old,
      createdAt: 1,
      resolved: false,
      thread: {
        comments: [{ id: '1', author: 'ada', body: 'hm', createdAt: 1 }],
        outdated: false,
        resolvable: true,
        request: 'r',
        requestLabel: '#1',
      },
    });
    return { id: s.id, finding: reviewThreadOf(s)!.finding };
  }

  it('a thread on line 40 of a commit two commits back lands on the moved line after an insertion above it', async () => {
    const text = lines(60);
    text.splice(10, 0, 'inserted a', 'inserted b', 'inserted c');
    t.commit('feat: three lines above', { 'src/app.ts': `${text.join('\n')}\n` });
    // And one more line inserted in the working tree, not committed.
    text.splice(0, 0, 'uncommitted');
    t.write('src/app.ts', `${text.join('\n')}\n`);
    const placed = await placeFindings([thread(40), thread(5), thread(38, 41)], (commit, paths) => diffsSince(t.open(), commit, paths));
    assert.deepEqual(placed.get(thread(40).id), { line: 44, endLine: 44 });
    assert.equal(t.read('src/app.ts').split('\n')[43], 'line 40');
    assert.deepEqual(placed.get(thread(5).id), { line: 6, endLine: 6 });
    assert.deepEqual(placed.get(thread(38, 41).id), { line: 42, endLine: 45 });
  });

  it('becomes outdated when that line is deleted (or changed), and when the file is gone', async () => {
    const text = lines(60);
    text.splice(39, 1);
    text[9] = 'line 10 changed';
    t.commit('refactor: drop line 40, change line 10', { 'src/app.ts': `${text.join('\n')}\n` });
    const placed = await placeFindings([thread(40), thread(10), thread(41), thread(39, 40)], (commit, paths) =>
      diffsSince(t.open(), commit, paths),
    );
    assert.equal(placed.get(thread(40).id), null);
    assert.equal(placed.get(thread(10).id), null);
    assert.equal(placed.get(thread(39, 40).id), null);
    assert.deepEqual(placed.get(thread(41).id), { line: 40, endLine: 40 });
    t.git(['rm', '--quiet', 'src/app.ts']);
    const gone = await placeFindings([thread(41)], (commit, paths) => diffsSince(t.open(), commit, paths));
    assert.equal(gone.get(thread(41).id), null);
  });

  it('leaves a thread where the forge says when its commit is not in the repository', async () => {
    const errors: string[] = [];
    const foreign = { ...thread(40), finding: { ...thread(40).finding, commit: 'f'.repeat(40) } };
    const placed = await placeFindings(
      [foreign],
      (commit, paths) => diffsSince(t.open(), commit, paths),
      (commit) => errors.push(commit),
    );
    assert.equal(placed.has(foreign.id), false);
    assert.deepEqual(errors, ['f'.repeat(40)]);
  });

  it('refuses anything but a full SHA as the commit (no option or revision syntax reaches git)', async () => {
    await assert.rejects(diffsSince(t.open(), '--output=/tmp/x', ['src/app.ts']), /not a full commit SHA/);
    await assert.rejects(diffsSince(t.open(), 'HEAD~2', ['src/app.ts']), /not a full commit SHA/);
  });
});
