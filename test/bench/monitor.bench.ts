/**
 * Monitor benchmarks (the targets in README, "Benchmarks"): 10,000 Alertmanager alerts from the raw v2 JSON through
 * the real pipeline (parse, map with file references resolved against a workspace index, relocate
 * to repository paths, upsert into the hub, group for the Monitor view) against `JSON.parse` alone
 * on the same bytes; and what the editor recomputes when the alert set changes (Problems entries,
 * line marks for one file).
 * Run: node --expose-gc --import tsx test/bench/monitor.bench.ts
 */
import { WorkspaceFileIndex } from '../../src/core/codeMapping';
import { SignalHub } from '../../src/core/hub';
import { computeLineFeedback, type BlameHunkLike } from '../../src/core/lineFeedback';
import { problemsFor } from '../../src/core/monitorProblems';
import { buildView } from '../../src/core/phaseTree';
import type { Signal } from '../../src/core/signal';
import { mapAlerts } from '../../src/sources/alertmanager/mapping';
import { FileResolver } from '../../src/core/fileResolver';
import { alertmanagerLayout } from '../../src/sources/alertmanager/layout';
import { relocateSignal, type Located } from '../../src/core/relocate';
import { syntheticAlertsJson } from '../fixtures/alertmanager/synthetic';
import { BenchRow, heapUsed, printRows, time } from './measure';

const COUNT = 10_000;
const NOW = Date.UTC(2026, 0, 1);
const SERVICES = ['api', 'billing', 'checkout', 'search', 'auth', 'gateway', 'worker', 'ledger'];
const REPO = '/work/demo';
// A workspace of 5,000 files where the alerts' `src/<service>/handler.ts:N` references land.
const WORKSPACE = new WorkspaceFileIndex([
  ...SERVICES.map((s) => `src/${s}/handler.ts`),
  ...Array.from({ length: 5000 - SERVICES.length }, (_, i) => `src/module${i % 50}/file${i}.ts`),
]);
const locate = (path: string): Located => ({ repo: REPO, path });
const layout = alertmanagerLayout({ health: () => undefined, label: () => undefined, now: () => NOW });

/** The Monitor pipeline of one poll, as MonitorSource + Refresher + PhaseTreeProvider run it. */
function ingest(hub: SignalHub, bytes: string, resolver = new FileResolver(WORKSPACE)): void {
  const { signals } = mapAlerts(JSON.parse(bytes) as unknown[], {
    source: 'alertmanager:bench',
    instance: 'bench',
    now: NOW,
    resolveFile: (reference, alert) => resolver.anchor(reference, alert.service),
  });
  const change = hub.replaceSource(
    'alertmanager:bench',
    signals.map((s) => relocateSignal(s, locate)),
  );
  // The view rebuilds its tree only when the hub reports a change.
  if (change.added.length || change.updated.length || change.removed.length) {
    buildView('monitor', { signals: hub.query({ phase: 'monitor' }), health: [] }, [layout]);
  }
}

/** A 400-line file blamed into 40 hunks of 10 lines. */
const HUNKS: BlameHunkLike[] = Array.from({ length: 40 }, (_, i) => ({
  startLine: i * 10 + 1,
  lineCount: 10,
  commit: ((i * 2654435761) >>> 0).toString(16).padStart(40, '0'),
  committed: true,
  author: 'Ada',
  authorTime: NOW - i * 86_400_000,
  summary: `change ${i}`,
}));

export function monitorBench(): BenchRow[] {
  const rows: BenchRow[] = [];
  const bytes = syntheticAlertsJson(COUNT, { now: NOW });
  const parseMs = time(() => JSON.parse(bytes), 7, 2);
  const pipelineMs = time(() => ingest(new SignalHub(), bytes), 7, 2);
  rows.push({
    name: `JSON.parse of ${COUNT.toLocaleString('en-US')} alerts`,
    value: `${parseMs.toFixed(1)} ms`,
    target: `${(bytes.length / 1e6).toFixed(1)} MB`,
  });
  rows.push({
    name: 'parse + map + relocate + hub + Monitor tree',
    value: `${pipelineMs.toFixed(1)} ms`,
    target: '≤ 3× JSON.parse',
    ok: pipelineMs <= 3 * parseMs,
  });
  rows.push({ name: 'ratio pipeline / JSON.parse', value: `${(pipelineMs / parseMs).toFixed(2)}×` });

  const before = heapUsed();
  const hub = new SignalHub();
  ingest(hub, bytes);
  rows.push({
    name: `hub heap growth for ${COUNT.toLocaleString('en-US')} alerts`,
    value: `${((heapUsed() - before) / 1e6).toFixed(0)} MB`,
  });
  // The extension keeps its resolver between polls (until files or settings change).
  const resolver = new FileResolver(WORKSPACE);
  const unchangedMs = time(() => ingest(hub, bytes, resolver), 7, 2);
  rows.push({ name: 'same poll again, nothing changed', value: `${unchangedMs.toFixed(1)} ms` });

  const treeMs = time(() => buildView('monitor', { signals: hub.query({ phase: 'monitor' }), health: [] }, [layout]), 21, 3);
  rows.push({
    name: `Monitor tree of ${COUNT.toLocaleString('en-US')} alerts`,
    value: `${treeMs.toFixed(2)} ms`,
    target: '< 16 ms',
    ok: treeMs < 16,
  });

  // The alert set changes: 1% of the alerts flip state (firing ↔ silenced).
  let flip = 0;
  const changeSome = () => {
    flip++;
    const changed: Signal[] = hub
      .query({ kind: 'alert' })
      .slice(0, COUNT / 100)
      .map((s) => ({
        ...s,
        state: { normal: flip % 2 ? 'silenced' : 'firing', native: flip % 2 ? 'suppressed' : 'active' },
      }));
    hub.upsert(changed);
  };
  const problemsMs = time(
    () => {
      changeSome();
      problemsFor(hub.query({ kind: 'alert' }));
    },
    21,
    3,
  );
  const changeOnlyMs = time(changeSome, 21, 3);
  rows.push({
    name: 'Problems entries after 1% of alerts changed',
    value: `${Math.max(0, problemsMs - changeOnlyMs).toFixed(2)} ms`,
    target: `${problemsFor(hub.query({ kind: 'alert' })).length} entries`,
  });

  const file = 'src/api/handler.ts';
  const marksMs = time(
    () =>
      computeLineFeedback({
        path: file,
        repo: REPO,
        lineCount: 400,
        hunks: HUNKS,
        statusByCommit: new Map(),
        signals: hub.query({ file }),
        now: NOW,
      }),
    21,
    3,
  );
  const marks = computeLineFeedback({
    path: file,
    repo: REPO,
    lineCount: 400,
    hunks: HUNKS,
    statusByCommit: new Map(),
    signals: hub.query({ file }),
    now: NOW,
  }).marks.length;
  rows.push({
    name: `line marks for one file (${marks} anchored alerts)`,
    value: `${marksMs.toFixed(2)} ms`,
    target: '< 10 ms',
    ok: marksMs < 10,
  });
  return rows;
}

// Run directly (`node --import tsx test/bench/monitor.bench.ts`), not when bundled into all.bench.
if (process.argv[1]?.endsWith('monitor.bench.ts')) {
  printRows(monitorBench());
}
