/**
 * Findings bench (issue: 5,000 annotations across 500 files mapped and relocated): GitHub-shaped
 * annotations of an older commit, mapped to findings, relocated through a real repository's
 * `git diff` to the working tree and turned into Problems entries; compared with `JSON.parse` of the
 * same bytes. The git part is timed apart: it runs once per commit, whatever the number of findings.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findingProblems } from '../../src/core/findingProblems';
import { GitRepository, GitRunner, locateFindings } from '../../src/sources/git';
import { mapAnnotations } from '../../src/sources/github/annotations';
import type { GhAnnotation, GhCheckRun } from '../../src/sources/github/types';
import { BenchRow, median } from './measure';

const FILES = 500;
const PER_FILE = 10;
const LINES = 200;

export async function findingsBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dfl-bench-findings-'));
  try {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'user.name=Bench', '-c', 'user.email=b@example.com', ...args], {
        cwd: dir,
        encoding: 'utf8',
      });
    git('init', '--quiet');
    const body = (prefix: string) => Array.from({ length: LINES }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';
    for (let f = 0; f < FILES; f++) {
      mkdirSync(join(dir, 'src', `m${f % 20}`), { recursive: true });
      writeFileSync(join(dir, 'src', `m${f % 20}`, `file${f}.ts`), body(`line of ${f}`));
    }
    git('add', '-A');
    git('commit', '--quiet', '-m', 'base');
    const commit = git('rev-parse', 'HEAD').trim();
    // Since then: half the files got 5 lines on top, a tenth lost a line the tools talked about.
    for (let f = 0; f < FILES; f += 2) {
      const lines = body(`line of ${f}`).split('\n');
      if (f % 10 === 0) lines.splice(19, 1);
      writeFileSync(join(dir, 'src', `m${f % 20}`, `file${f}.ts`), ['a', 'b', 'c', 'd', 'e', ...lines].join('\n'));
    }
    git('commit', '--quiet', '-am', 'later');

    const annotations: GhAnnotation[] = [];
    for (let f = 0; f < FILES; f++) {
      for (let k = 0; k < PER_FILE; k++) {
        const line = 1 + k * 19;
        annotations.push({
          path: `src/m${f % 20}/file${f}.ts`,
          start_line: line,
          end_line: line,
          start_column: 5,
          end_column: 10,
          annotation_level: k % 3 === 0 ? 'failure' : 'warning',
          title: 'no-unused-vars',
          message: `'value${k}' is assigned a value but never used.`,
          raw_details: null,
          blob_href: `https://github.com/o/r/blob/${commit}/src/m${f % 20}/file${f}.ts`,
        });
      }
    }
    const bytes = JSON.stringify(annotations);
    const run: GhCheckRun = {
      id: 1,
      name: 'eslint',
      head_sha: commit,
      status: 'completed',
      conclusion: 'failure',
      html_url: 'https://github.com/o/r/runs/1',
    };
    const ctx = {
      repo: {
        host: 'github.com',
        owner: 'o',
        repo: 'r',
        apiBase: 'https://api.github.com',
        webBase: 'https://github.com',
        enterprise: false,
      },
    };
    const repo = new GitRepository(new GitRunner({ gitPath: 'git', cwd: dir }), dir);
    const filter = { severities: ['error', 'warning'] as const, tools: [] };

    const parseMs = median(
      Array.from({ length: 9 }, () => {
        const start = performance.now();
        JSON.parse(bytes);
        return performance.now() - start;
      }),
    );
    let shown = 0;
    let outdated = 0;
    const totals: number[] = [];
    const gitTimes: number[] = [];
    // Two warm-up rounds (as `time()` does), then seven timed ones.
    for (let i = 0; i < 9; i++) {
      const start = performance.now();
      const signals = mapAnnotations(run, JSON.parse(bytes) as GhAnnotation[], ctx);
      const beforeGit = performance.now();
      const placements = await locateFindings(repo, signals);
      const afterGit = performance.now();
      const placed = placements.flatMap((p) =>
        p.status === 'current' ? [{ signalId: p.signal.id, finding: p.finding, line: p.line, endLine: p.endLine }] : [],
      );
      shown = findingProblems(placed, filter).length;
      outdated = placements.filter((p) => p.status === 'outdated').length;
      if (i < 2) continue;
      totals.push(performance.now() - start);
      gitTimes.push(afterGit - beforeGit);
    }
    const total = median(totals);
    const gitMs = median(gitTimes);
    return [
      {
        name: `JSON.parse of ${annotations.length.toLocaleString('en')} annotations (${FILES} files)`,
        value: `${parseMs.toFixed(1)} ms`,
        target: `${(bytes.length / 1e6).toFixed(1)} MB`,
      },
      { name: 'parse + map + relocate (git diff) + Problems entries', value: `${total.toFixed(1)} ms` },
      { name: '  of which git (1 merge-base + 3 diffs of 200 paths)', value: `${gitMs.toFixed(1)} ms` },
      {
        name: 'ratio without git / JSON.parse',
        value: `${((total - gitMs) / parseMs).toFixed(2)}×`,
        target: '≤ 3× JSON.parse',
        ok: (total - gitMs) / parseMs <= 3,
      },
      { name: 'findings shown / outdated', value: `${shown} / ${outdated}` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
