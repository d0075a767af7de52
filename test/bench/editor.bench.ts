/**
 * Editor-mark benchmark (the targets in README, "Benchmarks"): CodeLens data for a 10,000-line file with 1,000
 * anchored signals, from precomputed blame and deploy status (the part that runs on every redraw).
 */
import { EnvironmentStatus } from '../../src/core/deployStatus';
import { BlameHunkLike, computeLineFeedback } from '../../src/core/lineFeedback';
import { Signal, signalId } from '../../src/core/signal';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitRepository, GitRunner, blameFile } from '../../src/sources/git';
import { BenchRow, median, printRows, time } from './measure';

export function editorBench(): BenchRow[] {
  const lineCount = 10_000;
  const now = Date.now();
  const commits = Array.from({ length: 200 }, (_, i) => i.toString(16).padStart(40, 'a'));
  const hunks: BlameHunkLike[] = [];
  for (let line = 1, i = 0; line <= lineCount; i++) {
    const lines = 1 + (i % 17);
    hunks.push({
      startLine: line,
      lineCount: Math.min(lines, lineCount - line + 1),
      commit: commits[i % commits.length],
      committed: true,
      author: 'Ada',
      authorTime: now - i * 60_000,
      summary: `change ${i}`,
    });
    line += lines;
  }
  const deploy = (env: string, version: string) => ({
    id: `${env}-${version}`,
    environment: env,
    commit: commits[0],
    status: 'success' as const,
    version,
    at: now - 86_400_000,
  });
  const statusByCommit = new Map<string, EnvironmentStatus[]>(
    commits.map((c, i) => [
      c,
      [
        { environment: 'production', live: i % 3 !== 0, since: deploy('production', 'v1.4.2'), current: deploy('production', 'v1.4.3') },
        { environment: 'staging', live: i % 2 === 0, current: deploy('staging', 'v1.5.0') },
      ],
    ]),
  );
  const signals: Signal[] = Array.from({ length: 1000 }, (_, i) => ({
    id: signalId('bench', 'incident', i),
    source: 'bench',
    kind: 'incident',
    title: `incident ${i}`,
    state: { normal: i % 4 === 0 ? 'resolved' : 'open', native: 'open' },
    createdAt: now,
    updatedAt: now,
    labels: ['major'],
    tags: [],
    anchors: { files: [{ path: 'src/big.ts', line: 1 + ((i * 37) % lineCount), endLine: 1 + ((i * 37) % lineCount) + (i % 5) }] },
  }));
  const ms = time(() => computeLineFeedback({ path: 'src/big.ts', lineCount, hunks, statusByCommit, signals, now }), 21, 5);
  return [{ name: 'CodeLens data, 10,000 lines, 1,000 anchored signals', value: `${ms.toFixed(2)} ms`, target: '< 10 ms', ok: ms < 10 }];
}

/** What opening a 10,000-line file costs in git: `blame --porcelain` over 50 commits, cold path of the CodeLens. */
export async function blameBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dfl-bench-blame-'));
  try {
    const env = {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'B',
      GIT_AUTHOR_EMAIL: 'b@x',
      GIT_COMMITTER_NAME: 'B',
      GIT_COMMITTER_EMAIL: 'b@x',
    };
    const run = (...args: string[]) => execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], { cwd: dir, env, stdio: 'ignore' });
    run('init', '-q');
    const lines = Array.from({ length: 10_000 }, (_, i) => `export const value${i} = ${i};`);
    for (let c = 0; c < 50; c++) {
      for (let i = c; i < lines.length; i += 50) lines[i] = `export const value${i} = ${i * (c + 2)};`;
      writeFileSync(join(dir, 'big.ts'), `${lines.join('\n')}\n`);
      run('add', '-A');
      run('commit', '-q', '-m', `change ${c}`);
    }
    const repo = new GitRepository(new GitRunner({ gitPath: 'git', cwd: dir }), dir);
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await blameFile(repo, 'big.ts');
      samples.push(performance.now() - start);
    }
    return [{ name: 'git blame of a 10,000-line file, 50 commits (once per file version)', value: `${median(samples).toFixed(0)} ms` }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly (`node --import tsx test/bench/editor.bench.ts`), not when bundled into all.bench.
if (process.argv[1]?.endsWith('editor.bench.ts')) {
  void blameBench().then((rows) => printRows([...editorBench(), ...rows]));
}
