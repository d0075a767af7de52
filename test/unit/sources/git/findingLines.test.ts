/**
 * Findings relocated in real repositories: the line a tool named in an older commit, followed through
 * `git diff` hunks to the working tree, or outdated when that line is gone.
 */
import assert from 'node:assert/strict';
import { findingSignal } from '../../../../src/core/finding';
import { diffsSince, locateFindings, type FindingPlacement } from '../../../../src/sources/git/findingLines';
import { TestRepo, removeDir } from './fixtures';

const lines = (n: number, tag = 'line') => Array.from({ length: n }, (_, i) => `${tag} ${i + 1}`);

function finding(commit: string, path: string, line: number, id = `${path}:${line}`, endLine?: number) {
  return findingSignal({
    source: 'ci:test',
    nativeId: id,
    tool: 'lint',
    severity: 'warning',
    message: `about ${path}:${line}`,
    path,
    line,
    endLine,
    commit,
    createdAt: 0,
  });
}

function placed(p: FindingPlacement | undefined) {
  return p?.status === 'current' ? [p.line, p.endLine] : p?.status;
}

describe('git/findingLines (real repositories)', () => {
  let t: TestRepo;
  let twoBack: string;
  let oneBack: string;

  beforeEach(() => {
    t = TestRepo.init('findings');
    twoBack = t.commit('first', { 'src/app.ts': lines(60).join('\n') + '\n', 'src/other.ts': 'a\nb\n', 'odd name [1].ts': 'x\ny\n' });
    oneBack = t.commit('second', { 'README.md': 'readme\n' });
    t.commit('third', { 'src/app.ts': ['inserted 1', 'inserted 2', 'inserted 3', ...lines(60)].join('\n') + '\n' });
  });
  afterEach(() => removeDir(t.dir));

  it('moves a finding on line 40 of a commit two commits back to where that line is now', async () => {
    const [p] = await locateFindings(t.open(), [finding(twoBack, 'src/app.ts', 40)]);
    assert.deepEqual(placed(p), [43, 43]);
    assert.equal(t.read('src/app.ts').split('\n')[43 - 1], 'line 40');
  });

  it('follows uncommitted edits in the working tree too, and says outdated once the line is deleted', async () => {
    const now = ['inserted 1', 'inserted 2', 'inserted 3', ...lines(60)];
    now.splice(3 + 39, 1); // delete "line 40"
    t.write('src/app.ts', now.join('\n') + '\n');
    const placements = await locateFindings(t.open(), [finding(twoBack, 'src/app.ts', 40), finding(twoBack, 'src/app.ts', 41)]);
    const byLine = new Map(placements.map((p) => [p.finding.line, placed(p)]));
    assert.equal(byLine.get(40), 'outdated');
    assert.deepEqual(byLine.get(41), [43, 43]);
  });

  it('marks a range outdated when a line inside it changed, and keeps files the diff does not touch where they were', async () => {
    t.write('src/app.ts', ['inserted 1', 'inserted 2', 'inserted 3', ...lines(60)].join('\n').replace('line 11\n', 'line eleven\n') + '\n');
    const placements = await locateFindings(t.open(), [
      finding(twoBack, 'src/app.ts', 10, 'range', 12),
      finding(twoBack, 'src/other.ts', 2),
      finding(oneBack, 'odd name [1].ts', 1),
    ]);
    const byId = new Map(placements.map((p) => [p.signal.id.slice('ci:test:finding:'.length), placed(p)]));
    assert.equal(byId.get('range'), 'outdated');
    assert.deepEqual(byId.get('src/other.ts:2'), [2, 2]);
    assert.deepEqual(byId.get('odd name [1].ts:1'), [1, 1]);
  });

  it('shows nothing of a commit HEAD does not contain, unless asked to (the head of HEAD’s pull request), nor of one not fetched', async () => {
    t.git(['switch', '--quiet', '-c', 'other', twoBack]);
    const elsewhere = t.commit('on another branch', { 'src/other.ts': 'a\nb\nc\n' });
    t.git(['switch', '--quiet', 'main']);
    const missing = 'f'.repeat(40);
    const repo = t.open();
    const statuses = (await locateFindings(repo, [finding(elsewhere, 'src/other.ts', 3), finding(missing, 'src/other.ts', 1)])).map(
      (p) => p.status,
    );
    assert.deepEqual(statuses, ['elsewhere', 'elsewhere']);
    const [asked] = await locateFindings(repo, [finding(elsewhere, 'src/other.ts', 2)], { alsoCommits: [elsewhere] });
    assert.deepEqual(placed(asked), [2, 2]);
  });

  it('reads each path literally: a pathspec-looking path from a server matches only itself', async () => {
    t.write('src/other.ts', 'changed\nb\n');
    const diffs = await diffsSince(t.open(), twoBack, [':(glob)**', 'src/*.ts']);
    assert.equal(diffs.size, 0);
    const real = await diffsSince(t.open(), twoBack, ['src/other.ts']);
    assert.deepEqual(real.get('src/other.ts')?.hunks, [{ oldStart: 1, oldCount: 1, newStart: 1, newCount: 1 }]);
  });

  it('refuses a commit that is not a full SHA (an option or revision expression from a server)', async () => {
    await assert.rejects(diffsSince(t.open(), '--output=/tmp/x', ['a']), /not a full commit SHA/);
  });
});
