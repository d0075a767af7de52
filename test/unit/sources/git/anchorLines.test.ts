/**
 * An incident reported on lines of a commit, followed to the working tree in a real repository: moved by lines added
 * above, outdated once its own lines change, left as reported when the clone lacks its commit.
 */
import assert from 'node:assert/strict';
import { placeCommitLines } from '../../../../src/sources/git/anchorLines';
import { TestRepo, removeDir } from './fixtures';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

describe('git/anchorLines (real repositories)', () => {
  let t: TestRepo;
  let reported: string;

  beforeEach(() => {
    t = TestRepo.init('anchor-lines');
    reported = t.commit('first', { 'src/pay.ts': lines(30).join('\n') + '\n' });
  });
  afterEach(() => removeDir(t.dir));

  it('moves the lines down by what was added above them since, committed or only saved', async () => {
    t.commit('second', { 'src/pay.ts': ['// header', ...lines(30)].join('\n') + '\n' });
    t.write('src/pay.ts', ['// header', '// more', ...lines(30)].join('\n') + '\n');
    const placed = await placeCommitLines(t.open(), [{ id: 'i1', lines: { commit: reported, path: 'src/pay.ts', line: 10, endLine: 12 } }]);
    assert.deepEqual(placed.get('i1'), { line: 12, endLine: 14 });
    assert.equal(t.read('src/pay.ts').split('\n')[12 - 1], 'line 10');
  });

  it('says null (outdated) when a line of the range changed or the file is gone', async () => {
    const changed = lines(30);
    changed[10] = 'line 11 rewritten';
    t.write('src/pay.ts', changed.join('\n') + '\n');
    const placed = await placeCommitLines(t.open(), [
      { id: 'hit', lines: { commit: reported, path: 'src/pay.ts', line: 10, endLine: 12 } },
      { id: 'untouched', lines: { commit: reported, path: 'src/pay.ts', line: 20 } },
    ]);
    assert.equal(placed.get('hit'), null);
    assert.deepEqual(placed.get('untouched'), { line: 20, endLine: 20 });
    t.git(['rm', '--quiet', '--force', 'src/pay.ts']);
    t.commit('drop');
    const gone = await placeCommitLines(t.open(), [{ id: 'i', lines: { commit: reported, path: 'src/pay.ts', line: 20 } }]);
    assert.equal(gone.get('i'), null);
  });

  it('leaves out lines of a commit this clone does not have (shown where they were reported)', async () => {
    const placed = await placeCommitLines(t.open(), [
      { id: 'unknown', lines: { commit: 'f'.repeat(40), path: 'src/pay.ts', line: 3 } },
      { id: 'known', lines: { commit: reported, path: 'src/pay.ts', line: 3 } },
    ]);
    assert.equal(placed.has('unknown'), false);
    assert.deepEqual(placed.get('known'), { line: 3, endLine: 3 });
  });
});
