import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import * as path from 'node:path';
import { headLogPath, lastEntryHead, watchHeadLog } from '../../../../src/sources/git/headLog';
import { TestRepo, removeDir } from './fixtures';

/** The watch's callback, and a check that `action` makes it be called (what came before it does not count). */
function moves(): {
  moved: (head: string | undefined) => void;
  after: (what: string, action: () => void) => Promise<void>;
  readonly head: string | undefined;
} {
  let count = 0;
  let head: string | undefined;
  return {
    moved: (h) => {
      count++;
      head = h;
    },
    get head() {
      return head;
    },
    after: async (what, action) => {
      await new Promise((r) => setTimeout(r, 100)); // earlier events settled
      count = 0;
      action();
      const until = Date.now() + 5000;
      while (count === 0) {
        if (Date.now() > until) throw new Error(`no move seen after ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}

describe('git/headLog: HEAD moves seen from its reflog, wherever git runs', () => {
  let t: TestRepo;
  const stops: Array<() => void> = [];

  beforeEach(() => {
    t = TestRepo.init('head-log');
    t.commit('feat: first', { 'a.txt': 'one\n' });
  });
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
    removeDir(t.dir);
  });

  it('sees a commit, a checkout and a reset made by git itself (as in a terminal)', async () => {
    const seen = moves();
    stops.push(await watchHeadLog(t.dir, seen.moved));
    // Each time with the commit HEAD moved to, read from the reflog (no git process).
    await seen.after('a commit', () => t.commit('feat: second', { 'a.txt': 'two\n' }));
    assert.equal(seen.head, t.sha('HEAD'));
    await seen.after('a checkout', () => t.git(['checkout', '--quiet', '-b', 'topic', 'HEAD~1']));
    assert.equal(seen.head, t.sha('HEAD'));
    await seen.after('a reset', () => t.git(['reset', '--quiet', '--hard', 'main']));
    assert.equal(seen.head, t.sha('main'));
  });

  it('keeps watching after the reflog is rewritten whole (reflog expire)', async () => {
    t.commit('feat: second', { 'a.txt': 'two\n' });
    const seen = moves();
    stops.push(await watchHeadLog(t.dir, seen.moved));
    await seen.after('the rewrite', () => t.git(['reflog', 'expire', '--expire=now', '--all']));
    assert.equal(seen.head, undefined, 'an emptied reflog names no HEAD: the caller asks git');
    await seen.after('a commit after the rewrite', () => t.commit('feat: third', { 'a.txt': 'three\n' }));
  });

  it("finds a worktree's own reflog through its .git file", async () => {
    const tree = `${t.dir}-worktree`;
    t.git(['worktree', 'add', '--quiet', '-b', 'side', tree]);
    try {
      assert.equal(await headLogPath(tree), path.join(t.dir, '.git', 'worktrees', path.basename(tree), 'logs', 'HEAD'));
      assert.equal(await headLogPath(t.dir), path.join(t.dir, '.git', 'logs', 'HEAD'));
      const seen = moves();
      stops.push(await watchHeadLog(tree, seen.moved));
      await seen.after('a commit in the worktree', () => new TestRepo(tree).commit('feat: in the worktree', { 'b.txt': 'b\n' }));
    } finally {
      removeDir(tree);
    }
  });

  it('reads the last entry git finished, not one being written', async () => {
    const log = await headLogPath(t.dir);
    const head = t.sha('HEAD');
    assert.equal(await lastEntryHead(log), head);
    appendFileSync(log, `${head} ${'f'.repeat(40)} Half Written <half`);
    assert.equal(await lastEntryHead(log), head);
    assert.equal(await lastEntryHead(path.join(t.dir, 'no-such-log')), undefined);
  });

  it('watches nothing, and says nothing, where there is no reflog yet', async () => {
    const empty = TestRepo.init('head-log-empty');
    try {
      const stop = await watchHeadLog(empty.dir, () => assert.fail('a move in a repository with no reflog'));
      stop();
    } finally {
      removeDir(empty.dir);
    }
  });
});
