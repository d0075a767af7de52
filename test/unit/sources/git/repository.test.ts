import assert from 'node:assert/strict';
import { GitRunner } from '../../../../src/sources/git/gitRunner';
import { GitRepository, compareVersionsDesc } from '../../../../src/sources/git/repository';
import { GIT, RecordingLogger, TestRepo, removeDir } from './fixtures';

describe('git/repository (real repositories)', () => {
  let t: TestRepo;
  let shas: Record<string, string>;

  before(() => {
    // main: A - B - M(merge of feature: F1 - F2) - C ; tags v1.0.0 (annotated) on A, v1.2.0 on B, v1.10.0 on C
    t = TestRepo.init('history');
    shas = {};
    shas.A = t.commit('feat: first feature\n\nCloses #1', { 'a.txt': 'a\n' });
    t.tag('v1.0.0', 'Release 1.0.0');
    shas.B = t.commit('fix: a bug', { 'b.txt': 'b\n' });
    t.tag('v1.2.0');
    t.git(['checkout', '--quiet', '-b', 'feature']);
    shas.F1 = t.commit('feat(api): feature one', { 'f.txt': '1\n' });
    shas.F2 = t.commit('feat(api): feature two', { 'f.txt': '1\n2\n' });
    t.git(['checkout', '--quiet', 'main']);
    t.git(['merge', '--quiet', '--no-ff', '-m', 'Merge branch feature', 'feature']);
    shas.M = t.sha('HEAD');
    shas.C = t.commit('chore: tidy', { 'c.txt': 'c\n' });
    t.tag('v1.10.0', 'Release 1.10.0');
  });

  after(() => removeDir(t.dir));

  it('opens the repository from a subfolder and reads HEAD and the current branch', async () => {
    t.write('sub/dir/x.txt', 'x');
    const repo = await GitRepository.open(new GitRunner({ gitPath: GIT, cwd: `${t.dir}/sub/dir` }));
    assert.ok(repo);
    assert.equal(await repo.head(), shas.C);
    assert.equal(await repo.currentBranch(), 'main');
  });

  it('returns undefined outside a repository', async () => {
    assert.equal(await GitRepository.open(new GitRunner({ gitPath: GIT, cwd: '/' })), undefined);
  });

  it('lists branches with their commits', async () => {
    const branches = await t.open().branches();
    const byName = new Map(branches.map((b) => [b.name, b]));
    assert.equal(byName.get('main')?.commit, shas.C);
    assert.equal(byName.get('feature')?.commit, shas.F2);
    assert.equal(byName.get('main')?.remote, false);
  });

  it('lists tags peeled to commits, newest first, lightweight and annotated', async () => {
    const tags = await t.open().tags();
    assert.deepEqual(
      tags.map((x) => [x.name, x.commit, x.annotated]),
      [
        ['v1.10.0', shas.C, true],
        ['v1.2.0', shas.B, false],
        ['v1.0.0', shas.A, true],
      ],
    );
    assert.equal(tags[0].subject, 'Release 1.10.0');
    assert.ok(tags[0].date > tags[1].date);
  });

  it('orders equal-date versions numerically', () => {
    assert.deepEqual(['v1.2.0', 'v1.10.0', 'v1.9.1'].sort(compareVersionsDesc), ['v1.10.0', 'v1.9.1', 'v1.2.0']);
  });

  it('finds the last tag reachable from a revision', async () => {
    const repo = t.open();
    assert.equal(await repo.lastTag(), 'v1.10.0');
    assert.equal(await repo.lastTag(shas.M), 'v1.2.0');
  });

  it('reads a range with a limit, merge parents included', async () => {
    const repo = t.open();
    const range = await repo.log({ from: 'v1.2.0', to: 'HEAD' });
    assert.deepEqual(
      range.map((c) => c.sha),
      [shas.C, shas.M, shas.F2, shas.F1],
    );
    assert.deepEqual(range[1].parents, [shas.B, shas.F2]);
    const limited = await repo.log({ to: 'HEAD', limit: 2 });
    assert.equal(limited.length, 2);
    const firstParent = await repo.log({ from: 'v1.2.0', firstParent: true });
    assert.deepEqual(
      firstParent.map((c) => c.sha),
      [shas.C, shas.M],
    );
    const [a] = await repo.log({ to: shas.A });
    assert.equal(a.subject, 'feat: first feature');
    assert.equal(a.body, 'Closes #1');
    assert.equal(a.authorName, 'Ada Tester');
  });

  it('answers ancestry, including through a merge', async () => {
    const repo = t.open();
    assert.equal(await repo.isAncestor(shas.F1, shas.C), true);
    assert.equal(await repo.isAncestor(shas.F1, shas.B), false);
    assert.equal(await repo.isAncestor(shas.C, shas.C), true);
  });

  it('resolves refs and refuses option-like revisions', async () => {
    const repo = t.open();
    assert.equal(await repo.resolveRef('v1.0.0'), shas.A);
    assert.equal(await repo.resolveRef('no-such-ref'), undefined);
    await assert.rejects(repo.resolveRef('--output=/tmp/x'), /unsafe revision/);
    await assert.rejects(repo.log({ to: '-p' }), /unsafe revision/);
  });

  it('reads user identity and remotes from config', async () => {
    const repo = t.open();
    assert.deepEqual(await repo.userIdentity(), { name: 'Ada Tester', email: 'ada@example.com' });
    t.git(['remote', 'add', 'upstream', 'https://example.invalid/x.git']);
    try {
      assert.deepEqual(await repo.remotes(), [{ name: 'upstream', fetchUrl: 'https://example.invalid/x.git' }]);
      assert.equal(await repo.defaultRemote(), 'upstream');
    } finally {
      t.git(['remote', 'remove', 'upstream']);
    }
  });

  it('parses hostile commit messages: newlines, separators, non-UTF-8 bytes', async () => {
    const h = TestRepo.init('hostile-log');
    try {
      h.commit('base', { 'x.txt': 'x' });
      const tree = h.git(['rev-parse', 'HEAD^{tree}']).trim();
      const parent = h.sha('HEAD');
      const message = Buffer.concat([
        Buffer.from('feat: subject with \x1e and \x1f\n\n0000000000000000000000000000000000000000\nbody line\t'),
        Buffer.from([0xff, 0xfe, 0x41]),
        Buffer.from('\n'),
      ]);
      const hostile = h.git(['commit-tree', tree, '-p', parent], message).trim();
      h.git(['update-ref', 'refs/heads/main', hostile]);
      const logger = new RecordingLogger();
      const commits = await h.open(logger).log({ limit: 10 });
      assert.equal(commits.length, 2);
      assert.equal(commits[0].sha, hostile);
      assert.equal(commits[0].subject, 'feat: subject with \x1e and \x1f');
      // The invalid bytes arrive as some replacement text (git may re-encode them); the fields stay intact.
      assert.match(commits[0].body, /^0{40}\nbody line\t[^\n]{1,4}A$/);
      assert.equal(commits[1].subject, 'base');
      assert.deepEqual(logger.warnings, []);
    } finally {
      removeDir(h.dir);
    }
  });

  it('reports an unborn repository as having no HEAD and no commits', async () => {
    const empty = TestRepo.init('empty');
    try {
      const repo = empty.open();
      assert.equal(await repo.head(), undefined);
      assert.deepEqual(await repo.tags(), []);
      assert.equal(await repo.lastTag(), undefined);
    } finally {
      removeDir(empty.dir);
    }
  });

  it('tells which object names are commits present in the clone', async () => {
    const repo = t.open();
    const missing = 'f'.repeat(40);
    const present = await repo.existingCommits([shas.A, missing, shas.B]);
    assert.deepEqual([...present].sort(), [shas.A, shas.B].sort());
  });
});
