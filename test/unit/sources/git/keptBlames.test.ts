import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileFeedbackService } from '../../../../src/sources/git/fileFeedback';
import { KeptBlames } from '../../../../src/sources/git/keptBlames';
import { GitRepository } from '../../../../src/sources/git/repository';
import { RecordingLogger, TestRepo, removeDir, tempDir } from './fixtures';

/** A repository whose runner counts the `git blame` processes it starts, and keeps their arguments. */
function counting(t: TestRepo): { repo: GitRepository; blames: () => number; blameArgs: string[][] } {
  const repo = t.open();
  const blameArgs: string[][] = [];
  const interactive = repo.git.interactive.bind(repo.git);
  const wrap = (runner: typeof repo.git) => {
    const original = runner.run.bind(runner);
    runner.run = (args, opts) => {
      if (args[0] === 'blame') blameArgs.push([...args]);
      return original(args, opts);
    };
    return runner;
  };
  // FileFeedbackService blames through the interactive runner it takes from the repository.
  repo.git.interactive = () => wrap(interactive());
  return { repo, blames: () => blameArgs.length, blameArgs };
}

describe('git/keptBlames: saved-file blames kept between sessions', () => {
  let t: TestRepo;
  let storage: string;
  let first: string;
  const request = (stamp: string) => ({ path: 'src/shop.ts', stamp, lineCount: 3, signals: [], deployments: [] });

  beforeEach(() => {
    t = TestRepo.init('kept');
    first = t.commit('feat: shop', { 'src/shop.ts': 'a\nb\nc\n' });
    storage = tempDir('kept-storage');
  });
  afterEach(() => {
    removeDir(t.dir);
    removeDir(storage);
  });

  it('a new session with the same HEAD and file content reads the kept blame and runs no git blame', async () => {
    const one = counting(t);
    const before = await new FileFeedbackService(one.repo, { blames: new KeptBlames(storage, new RecordingLogger()) }).forFile(
      request('1:6'),
    );
    assert.equal(one.blames(), 1);
    // Written in the background after the blame: wait for the file.
    for (let i = 0; i < 100 && fs.readdirSync(storage).length === 0; i++) await new Promise((r) => setTimeout(r, 10));

    // A checkout rewriting the same bytes: a new mtime (stamp), the same content and blame.
    fs.utimesSync(path.join(t.dir, 'src/shop.ts'), new Date(), new Date(Date.now() + 5000));
    const two = counting(t);
    const after = await new FileFeedbackService(two.repo, { blames: new KeptBlames(storage, new RecordingLogger()) }).forFile(
      request('2:6'),
    );
    assert.equal(two.blames(), 0, 'the second session blamed again');
    assert.deepEqual(after.hunks, before.hunks);
    assert.equal(after.hunks[0].commit, first);
  });

  it('another file content or HEAD is blamed again, not read from the kept one', async () => {
    const kept = new KeptBlames(storage, new RecordingLogger());
    await new FileFeedbackService(t.open(), { blames: kept }).forFile(request('1:6'));
    for (let i = 0; i < 100 && fs.readdirSync(storage).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const second = t.commit('fix: b', { 'src/shop.ts': 'a\nB\nc\n' });
    const later = counting(t);
    const result = await new FileFeedbackService(later.repo, { blames: new KeptBlames(storage, new RecordingLogger()) }).forFile(
      request('2:6'),
    );
    assert.equal(later.blames(), 1);
    assert.equal(result.hunks.find((h) => h.startLine === 2)?.commit, second);
  });

  it('a new session after a pull continues from the blame kept at the earlier HEAD: git blames only the new commits', async () => {
    const big = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
    const write = (changed: Record<number, string>) => big.map((l, i) => changed[i + 1] ?? l).join('\n') + '\n';
    const base = t.commit('feat: forty lines', { 'src/big.ts': write({}) });
    const ask = { path: 'src/big.ts', lineCount: 40, signals: [], deployments: [] };
    await new FileFeedbackService(t.open(), { blames: new KeptBlames(storage, new RecordingLogger()) }).forFile({ ...ask, stamp: '1' });
    // The committed version's blame is kept once git says the file is as committed (in the background).
    const keptCommitted = () => new KeptBlames(storage, new RecordingLogger()).lastCommitted(t.dir, 'src/big.ts');
    for (let i = 0; i < 200 && (await keptCommitted())?.head !== base; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal((await keptCommitted())?.head, base);

    // What a pull brings: two commits touching the file.
    const pulled = t.commit('fix: line 5', { 'src/big.ts': write({ 5: 'five' }) });
    const last = t.commit('fix: line 30', { 'src/big.ts': write({ 5: 'five', 30: 'thirty' }) });
    const next = counting(t);
    const continued = await new FileFeedbackService(next.repo, { blames: new KeptBlames(storage, new RecordingLogger()) }).forFile({
      ...ask,
      stamp: '2',
    });
    assert.equal(next.blames(), 1);
    assert.ok(next.blameArgs[0].includes(`^${base}`), `blamed since the kept HEAD: ${next.blameArgs[0].join(' ')}`);
    const full = await new FileFeedbackService(t.open()).forFile({ ...ask, stamp: '3' });
    assert.deepEqual(
      continued.blocks.map((b) => [b.startLine, b.endLine, b.commit]),
      full.blocks.map((b) => [b.startLine, b.endLine, b.commit]),
    );
    assert.equal(continued.blockAt(5)?.commit, pulled);
    assert.equal(continued.blockAt(30)?.commit, last);
    assert.equal(continued.blockAt(1)?.commit, base);
  });

  it('a damaged or foreign kept file is ignored and the file blamed again', async () => {
    const kept = new KeptBlames(storage, new RecordingLogger());
    const key = 'repo\u0000src/shop.ts\u0000head\u00001:6';
    await kept.put(key, [
      {
        startLine: 1,
        lineCount: 3,
        commit: first,
        committed: true,
        origStartLine: 1,
        filename: 'src/shop.ts',
        author: 'Ada',
        authorMail: 'ada@example.com',
        authorTime: 1,
        summary: 'feat: shop',
        boundary: true,
      },
    ]);
    assert.equal((await kept.get(key))?.[0].commit, first);
    const [file] = fs.readdirSync(storage);
    fs.writeFileSync(path.join(storage, file), '{"version":1,"key":"x"');
    assert.equal(await kept.get(key), undefined);
    fs.writeFileSync(path.join(storage, file), JSON.stringify({ version: 1, key, hunks: [{ startLine: '1; rm -rf' }] }));
    assert.equal(await kept.get(key), undefined);
    assert.equal(await kept.get('another key'), undefined);
  });

  it('keeps at most `max` blames, dropping the least recently used', async () => {
    const kept = new KeptBlames(storage, new RecordingLogger(), 2);
    const hunk = {
      startLine: 1,
      lineCount: 1,
      commit: first,
      committed: true,
      origStartLine: 1,
      filename: 'f',
      author: 'a',
      authorMail: 'm',
      authorTime: 1,
      summary: 's',
      boundary: false,
    };
    await kept.put('a', [hunk]);
    await new Promise((r) => setTimeout(r, 20));
    await kept.put('b', [hunk]);
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(await kept.get('a')); // used: now newer than b
    await new Promise((r) => setTimeout(r, 20));
    await kept.put('c', [hunk]);
    assert.equal(fs.readdirSync(storage).length, 2);
    assert.ok(await kept.get('a'));
    assert.equal(await kept.get('b'), undefined);
    assert.ok(await kept.get('c'));
  });
});
