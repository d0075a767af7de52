import assert from 'node:assert/strict';
import { EnvironmentStatus } from '../../../src/core/deployStatus';
import { BlameHunkLike, computeLineFeedback, describeEnvironments } from '../../../src/core/lineFeedback';
import { Signal } from '../../../src/core/signal';
import { makeSignal } from './signals';

const DAY = 24 * 3600_000;
const NOW = Date.UTC(2024, 5, 10);
const C1 = '1'.repeat(40);
const C2 = '2'.repeat(40);
const ZERO = '0'.repeat(40);

function hunk(startLine: number, lineCount: number, commit: string): BlameHunkLike {
  return {
    startLine,
    lineCount,
    commit,
    committed: commit !== ZERO,
    author: 'Ada',
    authorTime: NOW - 3 * DAY,
    summary: `commit ${commit[0]}`,
  };
}

function incident(
  id: string,
  path: string,
  line: number | undefined,
  endLine?: number,
  state: 'open' | 'resolved' = 'open',
  repo?: string,
): Signal {
  return makeSignal(id, {
    kind: 'incident',
    state: { normal: state, native: state },
    labels: ['major'],
    anchors: {
      ...(repo ? { repo } : {}),
      files: [{ path, ...(line !== undefined ? { line } : {}), ...(endLine !== undefined ? { endLine } : {}) }],
    },
  });
}

const deployed = (version: string, daysAgo: number) => ({
  id: version,
  environment: 'production',
  commit: C1,
  status: 'success' as const,
  version,
  at: NOW - daysAgo * DAY,
});

describe('core/lineFeedback', () => {
  const statusByCommit = new Map<string, EnvironmentStatus[]>([
    [
      C1,
      [
        { environment: 'production', live: true, since: deployed('v1.4.2', 2), current: deployed('v1.4.3', 1) },
        { environment: 'staging', live: false, current: deployed('v1.5.0-rc', 0) },
      ],
    ],
    [C2, [{ environment: 'production', live: undefined, current: deployed('v2', 1) }]],
  ]);

  it('merges adjacent hunks of one commit into blocks with their lens text', () => {
    const fb = computeLineFeedback({
      path: 'src/a.ts',
      lineCount: 10,
      now: NOW,
      statusByCommit,
      signals: [],
      hunks: [hunk(1, 2, C1), hunk(3, 1, C1), hunk(4, 3, C2), hunk(7, 1, ZERO), hunk(8, 3, C1)],
    });
    assert.deepEqual(
      fb.blocks.map((b) => [b.startLine, b.endLine, b.commit[0]]),
      [
        [1, 3, '1'],
        [4, 6, '2'],
        [7, 7, '0'],
        [8, 10, '1'],
      ],
    );
    assert.equal(fb.blocks[0].text, 'live in production since v1.4.2 (2 days ago) · not yet in staging');
    assert.equal(fb.blocks[1].text, 'production: unknown (deployed commit not fetched)');
    assert.equal(fb.blocks[2].text, 'not committed yet');
    assert.deepEqual(fb.blocks[2].environments, []);
  });

  it('falls back to author, age and summary when no environment is known', () => {
    const fb = computeLineFeedback({ path: 'a', lineCount: 1, now: NOW, statusByCommit: new Map(), signals: [], hunks: [hunk(1, 1, C1)] });
    assert.equal(fb.blocks[0].text, 'Ada, 3 days ago: commit 1');
  });

  it('marks incident lines, counts open ones per block, and ignores other files, other repos and line-less anchors', () => {
    const signals = [
      incident('open-2-4', 'src/a.ts', 2, 4),
      incident('resolved-9', 'src/a.ts', 9, undefined, 'resolved'),
      incident('past-end', 'src/a.ts', 8, 500),
      incident('beyond', 'src/a.ts', 11),
      incident('other-file', 'src/b.ts', 2),
      incident('other-repo', 'src/a.ts', 2, undefined, 'open', '/elsewhere'),
      incident('no-line', 'src/a.ts', undefined),
    ];
    const fb = computeLineFeedback({
      path: 'src/a.ts',
      repo: '/work/repo',
      lineCount: 10,
      now: NOW,
      statusByCommit,
      signals,
      hunks: [hunk(1, 3, C1), hunk(4, 3, C2), hunk(7, 4, C1)],
    });
    assert.deepEqual(
      fb.marks.map((m) => [m.signalId.split(':').pop(), m.startLine, m.endLine, m.open]),
      [
        ['open-2-4', 2, 4, true],
        ['past-end', 8, 10, true],
        ['resolved-9', 9, 9, false],
      ],
    );
    assert.deepEqual(
      fb.blocks.map((b) => b.signalIds.length),
      [1, 1, 2],
    );
    assert.deepEqual(
      fb.blocks.map((b) => b.openSignals),
      [1, 1, 1],
    );
    assert.match(fb.blocks[0].text, / · 1 open issue$/);
    assert.deepEqual(
      fb.marksAt(9).map((m) => m.signalId.split(':').pop()),
      ['past-end', 'resolved-9'],
    );
    assert.deepEqual(
      fb.marksAt(5).map((m) => m.signalId.split(':').pop()),
      [],
    );
    assert.equal(fb.blockAt(5)?.startLine, 4);
    assert.equal(fb.blockAt(11), undefined);
  });

  it('agrees with a line-by-line computation on a 10,000-line file with 1,000 anchored signals', () => {
    const lineCount = 10_000;
    const hunks: BlameHunkLike[] = [];
    for (let line = 1, i = 0; line <= lineCount; i++) {
      const size = 1 + ((i * 7) % 13);
      hunks.push(hunk(line, Math.min(size, lineCount - line + 1), i % 3 === 0 ? C1 : C2));
      line += size;
    }
    const signals: Signal[] = [];
    for (let i = 0; i < 1000; i++) {
      const start = 1 + ((i * 9973) % lineCount);
      signals.push(incident(`s${i}`, 'big.ts', start, start + (i % 20), i % 4 === 0 ? 'resolved' : 'open'));
    }
    const fb = computeLineFeedback({ path: 'big.ts', lineCount, now: NOW, statusByCommit, signals, hunks });
    // Brute force: for each block, which signals overlap it.
    for (const block of fb.blocks) {
      const expected = fb.marks
        .filter((m) => m.startLine <= block.endLine && m.endLine >= block.startLine)
        .map((m) => m.signalId)
        .sort();
      assert.deepEqual([...block.signalIds].sort(), expected);
    }
    assert.equal(fb.marks.length, 1000);
    for (const line of [1, 500, 9999, 10_000]) {
      assert.deepEqual(
        fb
          .marksAt(line)
          .map((m) => m.signalId)
          .sort(),
        fb.marks
          .filter((m) => m.startLine <= line && m.endLine >= line)
          .map((m) => m.signalId)
          .sort(),
      );
      const block = fb.blockAt(line);
      assert.ok(block && block.startLine <= line && block.endLine >= line);
    }
  });

  it('describes environments for hovers, with lower bounds and nothing deployed', () => {
    const text = describeEnvironments(
      [
        { environment: 'production', live: true, since: { ...deployed('', 40), version: undefined }, sinceIsLowerBound: true },
        { environment: 'qa', live: undefined },
      ],
      NOW,
    );
    assert.equal(text, `live in production at least since ${C1.slice(0, 8)} (1 month ago) · qa: nothing deployed`);
  });
});
