/**
 * Job-log bench (issue: a 50 MB job log to first paint in under 2 s): a GitHub Actions log and a GitLab trace of 50 MB
 * each, coloured like real test output (timestamps, SGR colours, 256 colours, groups / sections, progress lines with
 * carriage returns), turned into the document text with its colour runs and groups (core/terminalText through each
 * service's parser). That is the work before VS Code shows the document; the host's own open is not timed here.
 */
import { styledJobLog } from '../../src/sources/github/ansi';
import { MAX_TRACE_CHARS, parseJobTrace } from '../../src/sources/gitlab';
import { BenchRow, time } from './measure';

const TARGET_BYTES = 50 * 1024 * 1024;
const E = '\x1b';

function githubLog(): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < TARGET_BYTES; i++) {
    const stamp = `2026-12-02T10:${String(Math.floor(i / 60000) % 60).padStart(2, '0')}:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}0000Z`;
    const line =
      i % 500 === 0
        ? `${stamp} ##[group]Run suite ${i / 500}`
        : i % 500 === 499
          ? `${stamp} ##[endgroup]`
          : i % 7 === 0
            ? `${stamp} ${E}[31m✗${E}[0m test ${i} failed: ${E}[38;5;208mexpected 1 to equal 2${E}[0m`
            : i % 11 === 0
              ? `${stamp} downloading ${i % 100}%\r${stamp} downloading 100% ${E}[32mdone${E}[0m`
              : `${stamp} ${E}[32m✓${E}[0m test ${i} passes ${E}[2m(${i % 97} ms)${E}[22m`;
    parts.push(line);
    size += line.length + 1;
  }
  return parts.join('\n');
}

function gitlabTrace(): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < TARGET_BYTES; i++) {
    const line =
      i % 1000 === 0
        ? `${E}[0Ksection_start:${1_700_000_000 + i}:step_${i}[collapsed=${i % 2000 === 0}]\r${E}[0K${E}[36;1mStep ${i}${E}[0;m`
        : i % 1000 === 999
          ? `${E}[0Ksection_end:${1_700_000_000 + i}:step_${i - 999}\r${E}[0K`
          : i % 7 === 0
            ? `${E}[0;31mFAIL${E}[0m spec ${i}: ${E}[38;2;255;128;0mTypeError${E}[0m at src/app.ts:${i % 300}`
            : `${E}[0;32mPASS${E}[0m spec ${i} ${E}[90m(${i % 53} ms)${E}[0m`;
    parts.push(line);
    size += line.length + 1;
  }
  return parts.join('\n');
}

export function logsBench(): BenchRow[] {
  const github = githubLog();
  const gitlab = gitlabTrace();
  let githubLines = 0;
  let githubRuns = 0;
  const githubMs = time(
    () => {
      const log = styledJobLog(github);
      githubLines = log.text.length;
      githubRuns = [...log.runs.values()].reduce((n, r) => n + r.length, 0);
    },
    3,
    1,
    true,
  );
  let kept = 0;
  const gitlabMs = time(
    () => {
      kept = parseJobTrace(gitlab).text.length;
    },
    3,
    1,
    true,
  );
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  return [
    {
      name: `GitHub job log ${mb(github.length)} → text + ${githubRuns.toLocaleString('en-US')} colour runs (${mb(githubLines)} shown)`,
      value: `${githubMs.toFixed(0)} ms`,
      target: 'under 2,000 ms to the document',
      ok: githubMs < 2000,
    },
    {
      name: `GitLab trace ${mb(gitlab.length)} → text + runs (the last ${mb(MAX_TRACE_CHARS)} kept: ${mb(kept)} shown)`,
      value: `${gitlabMs.toFixed(0)} ms`,
      target: 'under 2,000 ms to the document',
      ok: gitlabMs < 2000,
    },
  ];
}
