import assert from 'node:assert/strict';
import { DeployEvent, EnvironmentStatus, environmentHistories } from '../../../../src/core/deployStatus';
import { ContainmentCache, resolveCommitStatuses } from '../../../../src/sources/git/containment';
import { RecordingLogger, TestRepo, clonesOfBareRemote, removeDir } from './fixtures';

describe('git/containment: which environments run a commit (real history with merges)', () => {
  let t: TestRepo;
  const s: Record<string, string> = {};
  const hour = 3600_000;

  before(() => {
    // main:    A - B ------- M - C
    //               \       /
    // feature:       F1 - F2          other: B - G (never merged)      hotfix: B - H
    t = TestRepo.init('containment');
    s.A = t.commit('feat: a', { 'a.txt': 'a\n' });
    s.B = t.commit('feat: b', { 'b.txt': 'b\n' });
    t.git(['checkout', '--quiet', '-b', 'feature']);
    s.F1 = t.commit('feat: f1', { 'f.txt': '1\n' });
    s.F2 = t.commit('feat: f2', { 'f.txt': '1\n2\n' });
    t.git(['checkout', '--quiet', '-b', 'other', s.B]);
    s.G = t.commit('feat: g', { 'g.txt': 'g\n' });
    t.git(['checkout', '--quiet', '-b', 'hotfix', s.B]);
    s.H = t.commit('fix: h', { 'h.txt': 'h\n' });
    t.git(['checkout', '--quiet', 'main']);
    t.git(['merge', '--quiet', '--no-ff', '-m', 'Merge feature', 'feature']);
    s.M = t.sha('HEAD');
    s.C = t.commit('feat: c', { 'c.txt': 'c\n' });
  });
  after(() => removeDir(t.dir));

  const deploy = (
    id: string,
    environment: string,
    commit: string,
    at: number,
    version?: string,
    status: DeployEvent['status'] = 'success',
  ): DeployEvent => ({ id, environment, commit, at, status, ...(version ? { version } : {}) });

  const find = (statuses: Map<string, EnvironmentStatus[]>, commit: string, env: string) =>
    statuses.get(commit)?.find((e) => e.environment === env);

  it('a feature-branch commit is live once the merge commit is deployed, and "since" is the earliest deploy containing it', async () => {
    const histories = environmentHistories([
      deploy('d1', 'production', s.B, 1 * hour, 'v1.0'),
      deploy('d2', 'production', s.M, 2 * hour, 'v1.1'),
      deploy('d3', 'production', s.C, 3 * hour, 'v1.2'),
      deploy('d4', 'staging', s.B, 1 * hour, 'v1.0'),
    ]);
    const statuses = await resolveCommitStatuses(t.open(), new ContainmentCache(), [s.A, s.F1, s.F2, s.G, s.C], histories);
    assert.deepEqual(find(statuses, s.F1, 'production')?.since?.version, 'v1.1');
    assert.equal(find(statuses, s.F1, 'production')?.live, true);
    assert.equal(find(statuses, s.F2, 'production')?.since?.version, 'v1.1');
    assert.equal(find(statuses, s.A, 'production')?.since?.version, 'v1.0');
    assert.equal(find(statuses, s.C, 'production')?.since?.version, 'v1.2');
    assert.equal(find(statuses, s.G, 'production')?.live, false);
    assert.equal(find(statuses, s.F1, 'staging')?.live, false);
    assert.equal(find(statuses, s.A, 'staging')?.live, true);
    assert.equal(find(statuses, s.F1, 'production')?.current?.id, 'd3');
  });

  it('a rollback withdraws the rolled-back deploy; a deploy from another branch interrupts "since"', async () => {
    const histories = environmentHistories([
      deploy('d1', 'production', s.M, 1 * hour, 'v1.1'),
      deploy('d2', 'production', s.C, 2 * hour, 'v1.2'),
      deploy('d3', 'production', s.C, 3 * hour, 'v1.2', 'rolledBack'),
    ]);
    const statuses = await resolveCommitStatuses(t.open(), new ContainmentCache(), [s.C, s.F1], histories);
    assert.equal(find(statuses, s.C, 'production')?.live, false);
    assert.equal(find(statuses, s.F1, 'production')?.since?.version, 'v1.1');

    const interrupted = environmentHistories([
      deploy('d1', 'production', s.M, 1 * hour, 'v1.1'),
      deploy('d2', 'production', s.H, 2 * hour, 'hotfix'),
      deploy('d3', 'production', s.C, 3 * hour, 'v1.2'),
      deploy('d4', 'production', s.G, 4 * hour, 'broken', 'failed'),
    ]);
    const again = await resolveCommitStatuses(t.open(), new ContainmentCache(), [s.F1, s.B], interrupted);
    assert.equal(find(again, s.F1, 'production')?.since?.version, 'v1.2', 'F1 left with the hotfix and came back with v1.2');
    assert.equal(find(again, s.B, 'production')?.since?.version, 'v1.1', 'B was in every deploy');
    assert.equal(find(again, s.F1, 'production')?.current?.id, 'd3', 'a failed deploy changes nothing');
  });

  it('says "unknown" when the deployed commit is not in this clone', async () => {
    const histories = environmentHistories([deploy('d1', 'production', 'e'.repeat(40), hour, 'v9')]);
    const statuses = await resolveCommitStatuses(t.open(), new ContainmentCache(), [s.A], histories);
    assert.equal(find(statuses, s.A, 'production')?.live, undefined);
    assert.equal(find(statuses, s.A, 'production')?.current?.version, 'v9');
  });

  it('reads the history behind every deployed commit once, and asks nothing for answers it already has', async () => {
    const logger = new RecordingLogger();
    const repo = t.open(logger);
    const cache = new ContainmentCache();
    const histories = environmentHistories([deploy('d1', 'production', s.C, hour, 'v1.2'), deploy('d2', 'staging', s.M, hour, 'v1.1')]);
    const revLists = () => logger.lines.filter((l) => l.message.startsWith('git rev-list')).length;
    await resolveCommitStatuses(repo, cache, [s.A, s.B, s.F1, s.F2, s.G, s.H, s.M, s.C], histories);
    assert.equal(revLists(), 1, 'one rev-list --parents for the history behind both deployed commits');
    assert.equal(cache.size, 16);
    await resolveCommitStatuses(repo, cache, [s.A, s.F1, s.C], histories);
    assert.equal(revLists(), 1, 'cached');
    assert.equal(cache.lookup(s.M, s.F2), true);
    assert.equal(cache.lookup(s.M, s.C), false);
    assert.equal(cache.lookup(s.C, s.G), false);
  });

  it('asks git nothing about commits a blame named (they are in this clone), only about the deployed ones', async () => {
    const logger = new RecordingLogger();
    const repo = t.open(logger);
    const cache = new ContainmentCache();
    const histories = environmentHistories([deploy('d1', 'production', s.C, hour, 'v1.2')]);
    const catFiles = () => logger.lines.filter((l) => l.message.startsWith('git cat-file')).length;
    await resolveCommitStatuses(repo, cache, [s.A], histories);
    const asked = catFiles();
    assert.ok(asked > 0, 'the deployed commit and A are checked');
    cache.notePresent([s.G, s.H]);
    const statuses = await resolveCommitStatuses(repo, cache, [s.G, s.H], histories);
    assert.equal(catFiles(), asked, 'G and H were named by git: not asked about');
    assert.equal(find(statuses, s.G, 'production')?.live, false);
    assert.equal(find(statuses, s.H, 'production')?.live, false);
    await resolveCommitStatuses(repo, cache, [s.F1], histories);
    assert.equal(catFiles(), asked + 1, 'a commit nobody named is checked');
  });

  it('after a fetch brings a deployed commit this clone lacked, "cannot tell" is dropped and asked again', async () => {
    const { root, clones } = clonesOfBareRemote(2);
    try {
      const [dev, ops] = clones;
      dev.git(['pull', '--quiet', 'origin', 'main']);
      const mine = dev.commit('feat: mine', { 'm.txt': 'm\n' });
      dev.git(['push', '--quiet', 'origin', 'main']);
      ops.git(['pull', '--quiet', 'origin', 'main']);
      const deployed = ops.commit('chore: release', { 'r.txt': 'r\n' });
      ops.git(['push', '--quiet', 'origin', 'main']);
      // dev has not fetched the release yet: whether it contains dev's commit cannot be told.
      const cache = new ContainmentCache();
      const histories = environmentHistories([deploy('d1', 'production', deployed, hour, 'v2')]);
      const before = await resolveCommitStatuses(dev.open(), cache, [mine], histories);
      assert.equal(find(before, mine, 'production')?.live, undefined);
      dev.git(['fetch', '--quiet', 'origin']);
      const cached = await resolveCommitStatuses(dev.open(), cache, [mine], histories);
      assert.equal(find(cached, mine, 'production')?.live, undefined, 'the answer is kept until forgotten');
      assert.equal(cache.forgetUnknown(), 1, 'the one unknown answer is dropped');
      const after = await resolveCommitStatuses(dev.open(), cache, [mine], histories);
      assert.equal(find(after, mine, 'production')?.live, true);
      assert.equal(cache.forgetUnknown(), 0, 'nothing unknown left');
    } finally {
      removeDir(root);
    }
  });

  it('asks git once per deployed commit when the history is larger than it keeps in memory, with the same answers', async () => {
    const logger = new RecordingLogger();
    const repo = t.open(logger);
    const histories = environmentHistories([deploy('d1', 'production', s.C, hour, 'v1.2'), deploy('d2', 'staging', s.M, hour, 'v1.1')]);
    const commits = [s.A, s.B, s.F1, s.F2, s.G, s.H, s.M, s.C];
    const small = new ContainmentCache({ maxGraphCommits: 2 });
    const inMemory = new ContainmentCache();
    const bounded = await resolveCommitStatuses(repo, small, commits, histories);
    assert.equal(logger.lines.filter((l) => l.message.startsWith('git rev-list --stdin')).length, 2, 'one rev-list per deployed commit');
    assert.deepEqual(bounded, await resolveCommitStatuses(t.open(), inMemory, commits, histories));
  });
});
