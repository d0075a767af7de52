import assert from 'node:assert/strict';
import { BlameHunk, blameFile } from '../../../../src/sources/git/blame';
import { continueBlame } from '../../../../src/sources/git/blameSince';
import { FileFeedbackResult, FileFeedbackService } from '../../../../src/sources/git/fileFeedback';
import { GitRepository } from '../../../../src/sources/git/repository';
import { TestRepo, removeDir } from './fixtures';

/** A repository whose interactive runner (FileFeedbackService's) records each `git blame`'s arguments. */
function recordingBlames(t: TestRepo): { repo: GitRepository; blames: string[][] } {
  const repo = t.open();
  const blames: string[][] = [];
  const interactive = repo.git.interactive.bind(repo.git);
  repo.git.interactive = () => {
    const runner = interactive();
    const original = runner.run.bind(runner);
    runner.run = (args, opts) => {
      if (args[0] === 'blame') blames.push([...args]);
      return original(args, opts);
    };
    return runner;
  };
  return { repo, blames };
}

/** Line by line: which commit, and which line of which file in it (what a blame means, whatever its hunks). */
const perLine = (hunks: readonly BlameHunk[]) =>
  hunks.flatMap((h) =>
    Array.from(
      { length: h.lineCount },
      (_, i) => `${h.startLine + i} ${h.committed ? h.commit : 'uncommitted'} ${h.filename}:${h.origStartLine + i} ${h.summary}`,
    ),
  );

/** Line by line, commit and line in it; typed lines (whose summary git words its own way) uncommitted. */
const byLine = (hunks: readonly BlameHunk[]) =>
  hunks.flatMap((h) =>
    Array.from({ length: h.lineCount }, (_, i) =>
      h.committed ? `${h.startLine + i} ${h.commit} ${h.origStartLine + i}` : `${h.startLine + i} uncommitted`,
    ),
  );

const lines = (n: number, tag = '') => Array.from({ length: n }, (_, i) => `line ${i + 1}${tag}`);
const text = (l: string[]) => `${l.join('\n')}\n`;

describe('git/blameSince: a blame continued from the last HEAD is the full blame, for the commits since', () => {
  let t: TestRepo;
  let stamp = 0;
  const request = () => ({ path: 'src/big.txt', stamp: `${++stamp}`, lineCount: 40, signals: [], deployments: [] });

  beforeEach(() => {
    t = TestRepo.init('blame-since');
    const v = lines(40);
    t.commit('feat: first', { 'src/big.txt': text(v) });
    v[5] = 'line 6 changed';
    v.splice(20, 0, 'inserted');
    t.commit('feat: second', { 'src/big.txt': text(v) });
  });
  afterEach(() => removeDir(t.dir));

  it('after a commit, git blames only since the earlier HEAD, with the same result as a full blame', async () => {
    const { repo, blames } = recordingBlames(t);
    const service = new FileFeedbackService(repo);
    await service.forFile(request());
    const earlier = t.sha('HEAD');
    const v = t.read('src/big.txt').split('\n').slice(0, -1);
    v[0] = 'line 1 changed';
    v.splice(30, 2);
    t.commit('fix: third', { 'src/big.txt': text(v) });

    const after = await service.forFile(request());
    assert.deepEqual(blames.at(-1)?.slice(-3), [`^${earlier}`, '--', 'src/big.txt'], 'not a blame since the earlier HEAD');
    assert.deepEqual(perLine(after.hunks), perLine(await blameFile(t.open(), 'src/big.txt')));
    assert.ok(after.hunks.some((h) => h.summary === 'feat: first') && after.hunks.some((h) => h.summary === 'fix: third'));
  });

  it('after a save (same HEAD), the working tree is blamed since HEAD: its lines uncommitted, the rest as before', async () => {
    const { repo, blames } = recordingBlames(t);
    const service = new FileFeedbackService(repo);
    await service.forFile(request());
    const v = t.read('src/big.txt').split('\n').slice(0, -1);
    v[10] = 'typed and saved';
    v.splice(35, 1);
    t.write('src/big.txt', text(v));

    const after = await service.forFile(request());
    assert.equal(blames.length, 2);
    assert.equal(blames[1].at(-3), `^${t.sha('HEAD')}`);
    assert.deepEqual(perLine(after.hunks), perLine(await blameFile(t.open(), 'src/big.txt')));
    assert.equal(after.hunks.find((h) => h.startLine === 11)?.committed, false);
  });

  it('edits saved, then committed: both blames continue from the last committed one', async () => {
    const { repo, blames } = recordingBlames(t);
    const service = new FileFeedbackService(repo);
    await service.forFile(request());
    const earlier = t.sha('HEAD');
    const v = t.read('src/big.txt').split('\n').slice(0, -1);
    v.splice(12, 0, 'typed, saved, committed');
    t.write('src/big.txt', text(v));
    await service.forFile(request());
    t.commit('feat: typed');
    const after = await service.forFile(request());
    assert.deepEqual(
      blames.map((b) => b.at(-3)),
      ['--no-textconv', `^${earlier}`, `^${earlier}`],
    );
    assert.deepEqual(perLine(after.hunks), perLine(await blameFile(t.open(), 'src/big.txt')));
    assert.equal(after.hunks.find((h) => h.startLine === 13)?.summary, 'feat: typed');
  });

  it('a blame of a file with unsaved-to-git changes is not continued: the next HEAD is blamed in full, correctly', async () => {
    t.write('src/big.txt', text(lines(38)));
    const { repo, blames } = recordingBlames(t);
    const service = new FileFeedbackService(repo);
    await service.forFile(request()); // the working tree is not HEAD's version
    const v = lines(38);
    v[2] = 'third line';
    t.commit('fix: committed', { 'src/big.txt': text(v) });
    const after = await service.forFile(request());
    assert.ok(!blames.at(-1)?.some((a) => a.startsWith('^')), 'continued from a blame of uncommitted content');
    assert.deepEqual(perLine(after.hunks), perLine(await blameFile(t.open(), 'src/big.txt')));
  });

  it('after a switch to a branch the earlier HEAD is not part of, the file is blamed in full', async () => {
    const base = t.sha('HEAD~1');
    const { repo, blames } = recordingBlames(t);
    const service = new FileFeedbackService(repo);
    await service.forFile(request());
    t.git(['checkout', '--quiet', '-b', 'other', base]);
    const v = lines(40, ' (other)');
    t.commit('feat: other', { 'src/big.txt': text(v) });
    const after = await service.forFile(request());
    assert.ok(!blames.at(-1)?.some((a) => a.startsWith('^')));
    assert.deepEqual(perLine(after.hunks), perLine(await blameFile(t.open(), 'src/big.txt')));
  });

  it('a merge of a branch forked before the earlier HEAD gives the full blame (continued or not)', async () => {
    const fork = t.sha('HEAD~1');
    const { repo } = recordingBlames(t);
    const service = new FileFeedbackService(repo);
    await service.forFile(request());
    t.git(['checkout', '--quiet', '-b', 'side', fork]);
    const side = lines(40);
    side[38] = 'from the side branch';
    t.commit('feat: side', { 'src/big.txt': text(side) });
    t.git(['checkout', '--quiet', 'main']);
    t.git(['merge', '--quiet', '--no-edit', 'side']);
    const after = await service.forFile(request());
    assert.deepEqual(perLine(after.hunks), perLine(await blameFile(t.open(), 'src/big.txt')));
    assert.ok(after.hunks.some((h) => h.summary === 'feat: side'));
  });

  it('an unsaved buffer edited in places far apart is blamed from the saved blame, no git, line for line as git blames it', async () => {
    const { repo, blames } = recordingBlames(t);
    const service = new FileFeedbackService(repo);
    const saved = { ...request(), stamp: 'saved' };
    await service.forFile(saved);
    const v = t.read('src/big.txt').split('\n').slice(0, -1);
    v[2] = 'typed at the top';
    v.splice(20, 2);
    v.splice(36, 0, 'typed at the bottom', 'and again');
    const contents = text(v);
    const edited = await service.forFile({ ...saved, contents, lineCount: v.length + 1 });
    assert.equal(blames.length, 1, 'the buffer was blamed by git');
    // What git says of the same buffer (`--contents`).
    assert.deepEqual(byLine(edited.hunks), byLine(await blameFile(t.open(), 'src/big.txt', { contents })));
    assert.deepEqual(
      edited.hunks.filter((h) => !h.committed).map((h) => [h.startLine, h.lineCount]),
      [
        [3, 1],
        [37, 2],
      ],
    );
  });

  it('a file saved anew: its last blame moved past the changes is the first view while git blames it, then git blame is the answer', async () => {
    const { repo, blames } = recordingBlames(t);
    const service = new FileFeedbackService(repo);
    const before = { ...request(), stamp: 'before' };
    await service.forFile(before);
    const v = t.read('src/big.txt').split('\n').slice(0, -1);
    v.splice(4, 0, 'typed, then saved');
    const contents = text(v);
    const buffer = await service.forFile({ ...before, contents, lineCount: v.length + 1 });
    const firstViews = async () => {
      const views: FileFeedbackResult[] = [];
      const answer = await service.forFile({ ...request(), onProgress: (p) => views.push(p) });
      return { views, answer };
    };

    // Saved from the editor: what the buffer showed, then git's blame of the saved file, line for line the same.
    t.write('src/big.txt', contents);
    const saved = await firstViews();
    assert.deepEqual(
      saved.views.map((p) => p.complete),
      [false],
    );
    assert.deepEqual(byLine(saved.views[0].hunks), byLine(buffer.hunks));
    assert.equal(blames.length, 2, 'git blamed the saved file');
    assert.deepEqual(perLine(saved.answer.hunks), perLine(await blameFile(t.open(), 'src/big.txt')));
    assert.deepEqual(byLine(saved.views[0].hunks), byLine(saved.answer.hunks));

    // Written by another program while the file is open: the same, from the version blamed before.
    await service.forFile({ ...request(), contents: text([...v, 'typed']), lineCount: v.length + 2 });
    v.splice(30, 3, 'written by another program');
    t.write('src/big.txt', text(v));
    const written = await firstViews();
    assert.equal(written.views.length, 1);
    assert.deepEqual(byLine(written.views[0].hunks), byLine(await blameFile(t.open(), 'src/big.txt')));
  });

  it('continueBlame refuses a boundary that is not the earlier HEAD, and an earlier blame that does not cover the lines', () => {
    const hunk = (commit: string, startLine: number, lineCount: number, origStartLine: number, boundary: boolean): BlameHunk => ({
      startLine,
      lineCount,
      commit,
      committed: true,
      origStartLine,
      filename: 'a.txt',
      author: 'A',
      authorMail: 'a@example.com',
      authorTime: 0,
      summary: commit,
      boundary,
    });
    const head = 'a'.repeat(40);
    const old = 'b'.repeat(40);
    const earlier = { head, hunks: [hunk(old, 1, 5, 1, true)] };
    assert.equal(continueBlame([hunk('c'.repeat(40), 1, 5, 1, true)], earlier), undefined);
    assert.equal(continueBlame([hunk(head, 1, 8, 1, true)], earlier), undefined);
    assert.deepEqual(continueBlame([hunk(head, 3, 2, 4, true)], earlier), [{ ...hunk(old, 3, 2, 4, true) }]);
  });
});
