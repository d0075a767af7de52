import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { environmentHistories } from '../../../../src/core/deployStatus';
import { ContainmentCache, resolveCommitStatuses } from '../../../../src/sources/git/containment';
import { KeptContainment } from '../../../../src/sources/git/keptContainment';
import { GitRepository } from '../../../../src/sources/git/repository';
import { RecordingLogger, TestRepo, removeDir, tempDir } from './fixtures';

/** A repository whose runner records the git subcommands it runs. */
function recording(t: TestRepo): { repo: GitRepository; commands: string[] } {
  const repo = t.open();
  const commands: string[] = [];
  const original = repo.git.run.bind(repo.git);
  repo.git.run = (args, opts) => {
    commands.push(args[0]);
    return original(args, opts);
  };
  return { repo, commands };
}

describe('git/keptContainment: containment answers kept between sessions', () => {
  let t: TestRepo;
  let storage: string;
  const s: Record<string, string> = {};
  const hour = 3600_000;

  before(() => {
    // main: A - B - C - D; "old" was deployed first, then "new".
    t = TestRepo.init('kept-containment');
    s.A = t.commit('feat: a', { 'a.txt': 'a\n' });
    s.B = t.commit('feat: b', { 'b.txt': 'b\n' });
    s.C = t.commit('feat: c', { 'c.txt': 'c\n' });
    s.D = t.commit('feat: d', { 'd.txt': 'd\n' });
  });
  after(() => removeDir(t.dir));
  beforeEach(() => (storage = tempDir('kept-containment-storage')));
  afterEach(async () => {
    await Promise.all(stores.map((k) => k.flushed()));
    stores = [];
    removeDir(storage);
  });

  const histories = () =>
    environmentHistories([
      { id: 'd1', environment: 'production', commit: s.B, at: 1 * hour, status: 'success', version: 'v1' },
      { id: 'd2', environment: 'production', commit: s.C, at: 2 * hour, status: 'success', version: 'v2' },
      { id: 'd3', environment: 'staging', commit: s.D, at: 2 * hour, status: 'success', version: 'v3' },
    ]);
  const unknown = 'f'.repeat(40);
  /** Every store a test made, so none writes into the next test's folder. */
  let stores: KeptContainment[] = [];
  const kept = (logger = new RecordingLogger()) => remember(KeptContainment.of(t.dir, storage, logger));
  const remember = (store: KeptContainment) => (stores.push(store), store);
  const keptFile = () =>
    path.join(
      storage,
      fs.readdirSync(storage).find((n) => n.endsWith('.json'))!,
    );
  const waitForFile = async () => {
    for (let i = 0; i < 200 && !fs.readdirSync(storage).some((n) => n.endsWith('.json')); i++) await new Promise((r) => setTimeout(r, 10));
  };

  it('a new session answers from the kept file with no git process, and answers the same', async () => {
    const first = recording(t);
    const before = await resolveCommitStatuses(first.repo, new ContainmentCache({ kept: kept() }), [s.A, s.B, s.C, s.D], histories());
    assert.ok(first.commands.length > 0, 'the first session asked git');
    await waitForFile();

    const second = recording(t);
    const after = await resolveCommitStatuses(second.repo, new ContainmentCache({ kept: kept() }), [s.A, s.B, s.C, s.D], histories());
    assert.deepEqual(second.commands, [], 'the second session ran git');
    assert.deepEqual([...after], [...before]);
    const production = (commit: string) => after.get(commit)?.find((e) => e.environment === 'production');
    assert.equal(production(s.A)?.since?.version, 'v1');
    assert.equal(production(s.C)?.since?.version, 'v2');
    assert.equal(production(s.D)?.live, false);
  });

  it('keeps no "cannot tell" answer: a commit not in the clone is asked again next session', async () => {
    await resolveCommitStatuses(t.open(), new ContainmentCache({ kept: kept() }), [s.A, unknown], histories());
    await waitForFile();
    const written = JSON.parse(fs.readFileSync(keptFile(), 'utf8')) as { commits: string[] };
    assert.ok(written.commits.includes(s.A));
    assert.ok(!written.commits.includes(unknown));
    const second = recording(t);
    await resolveCommitStatuses(second.repo, new ContainmentCache({ kept: kept() }), [unknown], histories());
    assert.ok(second.commands.length > 0, 'the unknown commit was not asked again');
  });

  it('a damaged or foreign file is ignored: git is asked and the answers are right', async () => {
    fs.mkdirSync(storage, { recursive: true });
    const file = path.join(storage, 'repo.json');
    for (const damaged of [
      '{"version":1,"commits":["',
      JSON.stringify({ version: 1, commits: [s.A], answers: { [s.C]: '0' } }).replace(s.A, '$(rm -rf /)'),
      JSON.stringify({ version: 1, commits: [s.A], answers: { [s.C]: '01' } }),
      JSON.stringify({ version: 99, commits: [s.A], answers: { [s.C]: '0' } }),
    ]) {
      fs.writeFileSync(file, damaged);
      const logger = new RecordingLogger();
      const run = recording(t);
      const statuses = await resolveCommitStatuses(
        run.repo,
        new ContainmentCache({ kept: remember(new KeptContainment(file, logger)) }),
        [s.A],
        histories(),
      );
      assert.ok(run.commands.length > 0, `git was not asked with ${damaged}`);
      assert.equal(statuses.get(s.A)?.find((e) => e.environment === 'production')?.live, true, `a wrong answer from ${damaged}`);
    }
  });

  it('keeps at most `maxCommits` commits and `maxDeployed` deploys, the latest deploys first', async () => {
    const small = remember(new KeptContainment(path.join(storage, 'small.json'), new RecordingLogger(), 2, 2));
    // Asked in this order: B's deploy first, D's last.
    const answers = new Map([
      [
        s.B,
        new Map([
          [s.A, true],
          [s.B, true],
        ]),
      ],
      [
        s.C,
        new Map([
          [s.B, true],
          [s.D, false],
        ]),
      ],
      [
        s.D,
        new Map([
          [s.C, true],
          [s.D, true],
          [s.A, true],
        ]),
      ],
    ]);
    await small.keep(() => answers);
    const kept = await small.load();
    assert.deepEqual([...kept.keys()].sort(), [s.C, s.D].sort(), 'the oldest deploy was kept, or a newer one dropped');
    assert.deepEqual(
      kept.get(s.D),
      new Map([
        [s.C, true],
        [s.D, true],
      ]),
    );
    assert.deepEqual(kept.get(s.C), new Map([[s.D, false]]));
  });
});
