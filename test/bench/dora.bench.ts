/**
 * DORA metrics bench: 10,000 deploys over 100,000 commits. The commit graph is read from a real
 * repository (built with `git fast-import`) by the one `git rev-list` the dashboard runs, then the
 * four keys and phase health are computed; no git process per (commit, deploy) pair.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphRequests, type CommitGraph } from '../../src/core/dora/firstDeploy';
import { buildDoraReport } from '../../src/core/dora/report';
import { selectDeploys } from '../../src/core/dora/selection';
import { currentWindow, previousWindow } from '../../src/core/dora/window';
import { signalId, type Signal } from '../../src/core/signal';
import { readCommitGraph } from '../../src/sources/git/commitGraph';
import { GitRunner } from '../../src/sources/git/gitRunner';
import { GitRepository } from '../../src/sources/git/repository';
import { BenchRow, median, printRows } from './measure';

const COMMITS = 100_000;
const DEPLOYS = 10_000;
const NOW = Date.UTC(2025, 0, 1);
const SPAN = 180 * 24 * 3600_000; // the 90-day window and the one before it

export async function doraBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dfl-bench-dora-'));
  try {
    const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
    const git = (args: string[], input?: string) =>
      execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], { cwd: dir, env, input, maxBuffer: 1 << 30, encoding: 'utf8' });
    git(['init', '-q']);
    // A main line with a merged two-commit side branch every 100 commits.
    const lines: string[] = [];
    const stamp = (i: number) => Math.floor((NOW - SPAN + (i * SPAN) / COMMITS) / 1000);
    for (let i = 1; i <= COMMITS; i++) {
      const side = i % 100 === 0 && i > 2;
      lines.push(
        `commit refs/heads/main\nmark :${i}\ncommitter B <b@x> ${stamp(i)} +0000\ndata 0\n${i > 1 ? `from :${i - 1}\n` : ''}${side ? `merge :${i - 2}\n` : ''}`,
      );
    }
    git(['fast-import', '--quiet'], lines.join('\n') + '\n');
    const shas = git(['rev-list', '--reverse', '--topo-order', 'main']).trim().split('\n');
    const signals: Signal[] = [];
    for (let i = 0; i < DEPLOYS; i++) {
      const at = NOW - SPAN + ((i + 0.5) * SPAN) / DEPLOYS;
      const commit = shas[Math.min(shas.length - 1, Math.floor(((i + 1) * shas.length) / DEPLOYS) - 1)];
      const status = i % 17 === 5 ? 'failed' : i % 31 === 7 ? 'rolledBack' : 'success';
      signals.push(signal('deployment', i, at, status, { repo: 'bench/repo', commits: [commit], environment: 'production' }));
      if (i % 40 === 0)
        signals.push({
          ...signal('incident', i, at + 600_000, 'resolved', { repo: 'bench/repo', commits: [commit] }),
          updatedAt: at + 3 * 3600_000,
        });
    }
    const repo = new GitRepository(new GitRunner({ gitPath: 'git', cwd: dir }), dir);
    const options = { preferredEnvironment: 'production', days: 90, now: NOW };
    const graphSamples: number[] = [];
    const metricSamples: number[] = [];
    let commits = 0;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const graphs = new Map<string, CommitGraph>();
      for (const request of graphRequests(selectDeploys(signals, options).deploys, previousWindow(currentWindow(NOW, 90)).start)) {
        graphs.set(request.repo, await readCommitGraph(repo, request));
      }
      const read = performance.now();
      const report = buildDoraReport(signals, { ...options, graphs });
      metricSamples.push(performance.now() - read);
      graphSamples.push(read - started);
      commits = report.keys[1].eventCount;
    }
    return [
      {
        name: `DORA: commit graph of ${COMMITS.toLocaleString('en')} commits (one git rev-list)`,
        value: `${median(graphSamples).toFixed(0)} ms`,
      },
      {
        name: `DORA: four keys + phase health, ${DEPLOYS.toLocaleString('en')} deploys, ${commits.toLocaleString('en')} changes`,
        value: `${median(metricSamples).toFixed(0)} ms`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function signal(
  kind: 'deployment' | 'incident',
  i: number,
  at: number,
  state: Signal['state']['normal'],
  anchors: Signal['anchors'],
): Signal {
  return {
    id: signalId('bench:git', kind, i),
    source: 'bench:git',
    kind,
    title: `${kind} ${i}`,
    state: { normal: state, native: state },
    createdAt: at,
    updatedAt: at,
    labels: [],
    tags: [],
    anchors,
  };
}

// Run directly (`node --import tsx test/bench/dora.bench.ts`), not when bundled into all.bench.
if (process.argv[1]?.endsWith('dora.bench.ts')) {
  void doraBench().then(printRows);
}
