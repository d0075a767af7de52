import assert from 'node:assert/strict';
import {
  ContainmentOracle,
  DeployEvent,
  commitStatus,
  deployEventsFromSignals,
  environmentHistories,
  pendingContainment,
} from '../../../src/core/deployStatus';
import { makeSignal } from './signals';

/**
 * A commit graph as parent lists; ancestry by walking it. (The same semantics against real git
 * histories with merges is tested in test/unit/git/containment.test.ts.)
 *   a - b - m - c        f1 - f2 merged at m; h branches from b
 *        \ /  
 *        f1-f2     b - h
 */
const parents: Record<string, string[]> = { a: [], b: ['a'], f1: ['b'], f2: ['f1'], m: ['b', 'f2'], c: ['m'], h: ['b'] };
const oracle: ContainmentOracle = (deployed, commit) => {
  if (!(deployed in parents)) {
    return null;
  }
  const seen = new Set<string>();
  const stack = [deployed];
  while (stack.length > 0) {
    const x = stack.pop() as string;
    if (x === commit) {
      return true;
    }
    if (!seen.has(x)) {
      seen.add(x);
      stack.push(...parents[x]);
    }
  }
  return false;
};

const ev = (
  id: string,
  environment: string,
  commit: string,
  at: number,
  status: DeployEvent['status'] = 'success',
  version?: string,
): DeployEvent => ({ id, environment, commit, at, status, ...(version ? { version } : {}) });

describe('core/deployStatus', () => {
  it('replays events in time order whatever the input order, environments production-first', () => {
    const histories = environmentHistories([
      ev('2', 'staging', 'c', 20),
      ev('1', 'production', 'm', 10),
      ev('3', 'dev', 'c', 5),
      ev('0', 'production', 'b', 1),
    ]);
    assert.deepEqual(
      histories.map((h) => [h.environment, h.live.map((e) => e.id)]),
      [
        ['production', ['0', '1']],
        ['staging', ['2']],
        ['dev', ['3']],
      ],
    );
  });

  it('ignores failed deploys and withdraws rolled-back ones', () => {
    const [prod] = environmentHistories([
      ev('1', 'production', 'b', 1),
      ev('2', 'production', 'm', 2),
      ev('3', 'production', 'c', 3, 'failed'),
      ev('4', 'production', 'm', 4, 'rolledBack'),
    ]);
    assert.deepEqual(
      prod.live.map((e) => e.id),
      ['1'],
    );
    assert.equal(prod.latest?.id, '4');
  });

  it('a merged feature commit is live since the first deploy of the merge; unmerged work is not', () => {
    const histories = environmentHistories([
      ev('1', 'production', 'b', 1, 'success', 'v1.0'),
      ev('2', 'production', 'm', 2, 'success', 'v1.1'),
      ev('3', 'production', 'c', 3, 'success', 'v1.2'),
      ev('4', 'staging', 'b', 3, 'success', 'v1.0'),
    ]);
    const [prodF1, stagingF1] = commitStatus('f1', histories, oracle);
    assert.deepEqual(
      { live: prodF1.live, since: prodF1.since?.version, current: prodF1.current?.version },
      { live: true, since: 'v1.1', current: 'v1.2' },
    );
    assert.equal(stagingF1.live, false);
    assert.equal(commitStatus('a', histories, oracle)[0].since?.version, 'v1.0');
    assert.equal(commitStatus('h', histories, oracle)[0].live, false);
  });

  it('"since" restarts after a deploy that did not contain the commit', () => {
    const histories = environmentHistories([
      ev('1', 'production', 'm', 1, 'success', 'v1.1'),
      ev('2', 'production', 'h', 2, 'success', 'hotfix'),
      ev('3', 'production', 'c', 3, 'success', 'v1.2'),
    ]);
    assert.equal(commitStatus('f1', histories, oracle)[0].since?.version, 'v1.2');
    assert.equal(commitStatus('b', histories, oracle)[0].since?.version, 'v1.1');
  });

  it('is unknown when the running commit cannot be checked, and when nothing runs', () => {
    const histories = environmentHistories([ev('1', 'production', 'zzz', 1), ev('2', 'qa', 'b', 1, 'failed')]);
    const [prod, qa] = commitStatus('a', histories, oracle);
    assert.equal(prod.live, undefined);
    assert.equal(prod.current?.commit, 'zzz');
    assert.deepEqual(qa, { environment: 'qa', live: undefined });
  });

  it('marks "since" as a lower bound when the walk hits the depth limit', () => {
    const events = Array.from({ length: 5 }, (_, i) => ev(String(i), 'production', 'c', i, 'success', `v${i}`));
    const [status] = commitStatus('a', environmentHistories(events), oracle, 3);
    assert.equal(status.since?.version, 'v2');
    assert.equal(status.sinceIsLowerBound, true);
  });

  it('asks only the questions still open, round by round', () => {
    const histories = environmentHistories([
      ev('1', 'production', 'b', 1),
      ev('2', 'production', 'm', 2),
      ev('3', 'production', 'c', 3),
      ev('4', 'staging', 'h', 1),
    ]);
    const known = new Map<string, boolean>();
    const partial: ContainmentOracle = (d, c) => known.get(`${d}>${c}`);
    const round1 = pendingContainment(['f1', 'a'], histories, partial);
    assert.deepEqual(
      [...round1].map(([d, cs]) => [d, [...cs]]),
      [
        ['c', ['f1', 'a']],
        ['h', ['f1', 'a']],
      ],
    );
    for (const [d, cs] of round1) {
      for (const c of cs) {
        known.set(`${d}>${c}`, oracle(d, c) as boolean);
      }
    }
    const round2 = pendingContainment(['f1', 'a'], histories, partial);
    assert.deepEqual(
      [...round2].map(([d, cs]) => [d, [...cs]]),
      [['m', ['f1', 'a']]],
    );
  });

  it('reads deploy events from deployment signals of any source', () => {
    const events = deployEventsFromSignals([
      makeSignal(1, {
        kind: 'deployment',
        state: { normal: 'success', native: 'success' },
        anchors: { commits: ['c'], environment: 'production' },
        tags: ['version:v2'],
      }),
      makeSignal(2, {
        kind: 'deployment',
        state: { normal: 'running', native: 'in_progress' },
        anchors: { commits: ['c'], environment: 'production' },
      }),
      makeSignal(3, { kind: 'deployment', state: { normal: 'success', native: 'success' }, anchors: { environment: 'production' } }),
      makeSignal(4, {
        kind: 'release',
        state: { normal: 'success', native: 'tag' },
        anchors: { commits: ['c'], environment: 'production' },
      }),
    ]);
    assert.deepEqual(
      events.map((e) => [e.commit, e.environment, e.version]),
      [['c', 'production', 'v2']],
    );
  });
});
