import assert from 'node:assert/strict';
import { FileFeedbackResult, FileFeedbackService } from '../../../../src/sources/git/fileFeedback';
import { GitRepository } from '../../../../src/sources/git/repository';
import { TestRepo, removeDir } from './fixtures';

/**
 * A repository whose `git blame` output reaches the reader in two parts: its first entry at once,
 * the rest when the test says (git's real output, held back, so a "slow blame" is not left to timing).
 */
function heldBack(t: TestRepo): { repo: GitRepository; blames: () => number; release: () => void } {
  const repo = t.open();
  let blames = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const interactive = repo.git.interactive.bind(repo.git);
  repo.git.interactive = () => {
    const runner = interactive();
    const original = runner.run.bind(runner);
    runner.run = async (args, opts = {}) => {
      const forward = opts.onStdout;
      if (args[0] !== 'blame' || !forward) return original(args, opts);
      blames++;
      const chunks: Buffer[] = [];
      const result = await original(args, { ...opts, onStdout: (c) => chunks.push(c) });
      const out = Buffer.concat(chunks).toString('utf8');
      const firstEntryEnd = out.indexOf('\n', out.indexOf('\nfilename ') + 1) + 1;
      forward(Buffer.from(out.slice(0, firstEntryEnd)));
      await gate;
      forward(Buffer.from(out.slice(firstEntryEnd)));
      return result;
    };
    return runner;
  };
  return { repo, blames: () => blames, release };
}

describe('git/fileFeedback: a first blame reports the lines git has attributed before it ends', () => {
  let t: TestRepo;
  let first: string;
  let last: string;
  const lines = (changed: Record<number, string>) =>
    Array.from({ length: 10 }, (_, i) => changed[i + 1] ?? `line ${i + 1}`).join('\n') + '\n';

  before(() => {
    t = TestRepo.init('blame-progress');
    first = t.commit('feat: ten lines', { 'src/f.ts': lines({}) });
    t.commit('fix: line three', { 'src/f.ts': lines({ 3: 'three' }) });
    last = t.commit('fix: line seven', { 'src/f.ts': lines({ 3: 'three', 7: 'seven' }) });
  });
  after(() => removeDir(t.dir));

  it('the newest commit’s lines first, marked incomplete; then the whole blame; both requests share one git blame', async () => {
    const held = heldBack(t);
    const service = new FileFeedbackService(held.repo);
    const progress: FileFeedbackResult[][] = [[], []];
    const request = (i: number) => ({
      path: 'src/f.ts',
      stamp: '1:60',
      lineCount: 10,
      signals: [],
      deployments: [],
      onProgress: (p: FileFeedbackResult) => progress[i].push(p),
    });
    const answers = [service.forFile(request(0)), service.forFile(request(1))];
    for (let i = 0; i < 200 && (progress[0].length === 0 || progress[1].length === 0); i++) await new Promise((r) => setTimeout(r, 10));
    for (const reports of progress) {
      assert.equal(reports.length, 1, 'one report while the rest of the blame is held back');
      const [partial] = reports;
      assert.equal(partial.complete, false);
      assert.deepEqual(
        partial.blocks.map((b) => [b.startLine, b.endLine, b.commit]),
        [[7, 7, last]],
      );
      assert.equal(partial.blockAt(1), undefined, 'a line not attributed yet has no block');
    }
    held.release();
    const [one, two] = await Promise.all(answers);
    assert.equal(held.blames(), 1);
    for (const whole of [one, two]) {
      assert.equal(whole.complete, true);
      assert.deepEqual(
        whole.hunks.map((h) => h.startLine),
        [1, 3, 4, 7, 8],
      );
      assert.equal(whole.blockAt(1)?.commit, first);
      assert.equal(whole.blockAt(7)?.commit, last);
    }
    await new Promise((r) => setTimeout(r, 400));
    assert.deepEqual(
      progress.map((p) => p.length),
      [1, 1],
      'no report after the answer',
    );
  });

  it('a blame prepared as the editor opens is the one the first request finds under way: one git blame', async () => {
    const held = heldBack(t);
    const service = new FileFeedbackService(held.repo);
    service.prepare({ path: 'src/f.ts', stamp: '3:60', deployments: [] });
    for (let i = 0; i < 200 && held.blames() === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(held.blames(), 1, 'prepare started the blame');
    const reports: FileFeedbackResult[] = [];
    const answer = service.forFile({
      path: 'src/f.ts',
      stamp: '3:60',
      lineCount: 10,
      signals: [],
      deployments: [],
      onProgress: (p) => reports.push(p),
    });
    for (let i = 0; i < 200 && reports.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(
      reports[0]?.blocks.map((b) => b.commit),
      [last],
      'what the prepared blame has attributed so far',
    );
    held.release();
    const whole = await answer;
    assert.equal(whole.complete, true);
    assert.equal(whole.blockAt(1)?.commit, first);
    assert.equal(held.blames(), 1, 'the request blamed nothing itself');
  });

  it('a blame already made is answered whole, with no report', async () => {
    const held = heldBack(t);
    held.release();
    const service = new FileFeedbackService(held.repo);
    const reports: FileFeedbackResult[] = [];
    const request = {
      path: 'src/f.ts',
      stamp: '2:60',
      lineCount: 10,
      signals: [],
      deployments: [],
      onProgress: (p: FileFeedbackResult) => reports.push(p),
    };
    await service.forFile(request);
    const again = await service.forFile(request);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(again.complete, true);
    assert.equal(held.blames(), 1);
    assert.equal(reports.length, 0, 'git answered before the first report was due');
  });
});
