/**
 * Hub and tree benchmarks (the targets in README, "Benchmarks"): ingestion of 100,000 signals from raw JSON against
 * JSON.parse alone on the same bytes, heap growth, and building a phase tree of 5,000 items.
 */
import { SignalHub } from '../../src/core/hub';
import { buildTree } from '../../src/core/phaseTree';
import { Signal, SignalKind, signalId } from '../../src/core/signal';
import { BenchRow, heapUsed, printRows, time } from './measure';

const KINDS: SignalKind[] = ['pipelineRun', 'job', 'pullRequest', 'alert', 'deployment', 'workItem'];

export function synthetic(n: number): Signal[] {
  const signals: Signal[] = [];
  for (let i = 0; i < n; i++) {
    const kind = KINDS[i % KINDS.length];
    const source = `bench:${i % 7}`;
    signals.push({
      id: signalId(source, kind, i),
      source,
      kind,
      title: `Synthetic ${kind} number ${i} with a realistic length title`,
      state: { normal: i % 5 === 0 ? 'failed' : 'success', native: i % 5 === 0 ? 'failure' : 'success' },
      url: `https://ci.example.com/item/${i}`,
      author: `user${i % 50}`,
      createdAt: 1_700_000_000_000 + i * 1000,
      updatedAt: 1_700_000_000_000 + i * 1000,
      labels: [i % 5 === 0 ? 'failed' : 'success'],
      tags: [`branch:feature-${i % 100}`, `service:svc-${i % 20}`, `env:${i % 2 ? 'production' : 'staging'}`],
      anchors: {
        repo: 'org/repo',
        branch: `feature-${i % 100}`,
        commits: [((i * 2654435761) >>> 0).toString(16).padStart(40, '0')],
        environment: i % 2 ? 'production' : 'staging',
        files: i % 3 === 0 ? [{ path: `src/module${i % 300}.ts`, line: (i % 500) + 1 }] : undefined,
      },
    });
  }
  return signals;
}

export function hubBench(): BenchRow[] {
  const rows: BenchRow[] = [];
  const bytes = JSON.stringify(synthetic(100_000));
  // Both settle the heap first: each run's predecessor left 100,000 signals of garbage.
  const parseMs = time(() => JSON.parse(bytes), 5, 1, true);
  const ingestMs = time(
    () => {
      const hub = new SignalHub();
      hub.upsert(JSON.parse(bytes) as Signal[]);
    },
    5,
    1,
    true,
  );
  const before = heapUsed();
  const hub = new SignalHub();
  hub.upsert(JSON.parse(bytes) as Signal[]);
  const growth = heapUsed() - before;
  const unchangedMs = time(() => hub.upsert(JSON.parse(bytes) as Signal[]), 3, 1);

  rows.push({ name: 'JSON.parse of 100,000 signals', value: `${parseMs.toFixed(0)} ms`, target: `${(bytes.length / 1e6).toFixed(1)} MB` });
  rows.push({
    name: 'parse + hub ingest of 100,000 signals',
    value: `${ingestMs.toFixed(0)} ms`,
    target: '≤ 3× JSON.parse',
    ok: ingestMs <= 3 * parseMs,
  });
  rows.push({ name: 'ratio ingest / JSON.parse', value: `${(ingestMs / parseMs).toFixed(2)}×` });
  rows.push({ name: 'hub heap growth for 100,000 signals', value: `${(growth / 1e6).toFixed(0)} MB` });
  rows.push({ name: 'parse + re-upsert, nothing changed', value: `${unchangedMs.toFixed(0)} ms` });

  const phaseSignals = synthetic(30_000)
    .filter((s) => s.kind === 'pipelineRun')
    .slice(0, 5000);
  const treeMs = time(() => buildTree('build', { signals: phaseSignals, health: [] }), 21, 3);
  rows.push({ name: 'tree children for 5,000 items (build view)', value: `${treeMs.toFixed(2)} ms`, target: '< 16 ms', ok: treeMs < 16 });
  const timelineSignals = synthetic(5000);
  const timelineMs = time(() => buildTree('timeline', { signals: timelineSignals, health: [], filter: ['env:production'] }), 21, 3);
  rows.push({ name: 'timeline of 5,000 items, filtered', value: `${timelineMs.toFixed(2)} ms`, target: '< 16 ms', ok: timelineMs < 16 });
  return rows;
}

// Run directly (`node --import tsx test/bench/hub.bench.ts`), not when bundled into all.bench.
if (process.argv[1]?.endsWith('hub.bench.ts')) {
  printRows(hubBench());
}
