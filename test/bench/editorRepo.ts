/**
 * The repository the editor bench opens (issue: "CodeLens and hover on big real files"): 10,000
 * commits, a 15,000-line file touched by 300 of them, and 50 deploy reports across 3 environments in
 * the git-notes journal. Written in one `git fast-import` stream (a few seconds), then checked out;
 * kept under the OS temp dir and rebuilt only when this generator's version changes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPORT_SCHEMA } from '../../src/sources/git/reports';

export const BIG_FILE = 'src/big.test.ts';
export const COMMITS = 10_000;
export const BIG_FILE_LINES = 15_000;
export const BIG_FILE_COMMITS = 300;
export const DEPLOYS = 50;
const ENVIRONMENTS = ['production', 'staging', 'qa'];
const VERSION = 'editor-repo-v1';
const BASE_TIME = Date.UTC(2025, 0, 1) / 1000;

export function editorRepo(): string {
  const dir = join(tmpdir(), `dfl-${VERSION}`);
  if (existsSync(join(dir, '.git', 'dfl-complete')) && readFileSync(join(dir, '.git', 'dfl-complete'), 'utf8') === VERSION) {
    // A run may have left an edit or a commit behind (the host bench commits a line): every run starts
    // from the history as built (refs/dfl/built; a repository built before it was recorded is as built).
    const reset = (args: string[]) => execFileSync('git', ['-c', 'core.hooksPath=/dev/null', ...args], { cwd: dir, stdio: 'ignore' });
    try {
      reset(['rev-parse', '--verify', '--quiet', 'refs/dfl/built']);
    } catch {
      reset(['update-ref', 'refs/dfl/built', 'main']);
    }
    reset(['checkout', '--quiet', '--force', 'main']);
    reset(['reset', '--quiet', '--hard', 'refs/dfl/built']);
    return dir;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const git = (args: string[], input?: string) =>
    execFileSync('git', ['-c', 'core.hooksPath=/dev/null', ...args], { cwd: dir, input, encoding: 'utf8', maxBuffer: 1 << 30 });
  git(['init', '--quiet', '--initial-branch=main']);

  const chunks: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const big = Array.from({ length: BIG_FILE_LINES }, (_, i) => `  it('case ${i + 1}', () => expect(f(${i})).toBe(${i}));`);
  const every = Math.floor(COMMITS / BIG_FILE_COMMITS);
  let bigTouches = 0;
  for (let i = 1; i <= COMMITS; i++) {
    const time = BASE_TIME + i * 600;
    chunks.push(`commit refs/heads/main\nmark :${i}\ncommitter Bench <bench@example.com> ${time} +0000\n`);
    chunks.push(data(`change ${i}`));
    if (i > 1) chunks.push(`from :${i - 1}\n`);
    chunks.push(`M 100644 inline src/module${i % 250}.ts\n${data(`export const value${i % 250} = ${i};\n`)}`);
    if (i === 1 || (i % every === 0 && bigTouches < BIG_FILE_COMMITS - 1)) {
      if (i > 1) {
        bigTouches++;
        // Each touch rewrites 25 lines somewhere in the file, so blame has many small blocks.
        const at = (bigTouches * 499) % (BIG_FILE_LINES - 25);
        for (let k = at; k < at + 25; k++) big[k] = `  it('case ${k + 1} v${bigTouches}', () => expect(f(${k})).toBe(${k}));`;
      }
      chunks.push(`M 100644 inline ${BIG_FILE}\n${data(`describe('big', () => {\n${big.join('\n')}\n});\n`)}`);
    }
  }
  writeFileSync(join(dir, '.git', 'dfl-stream'), chunks.join(''));
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: readFileSync(join(dir, '.git', 'dfl-stream')) });
  rmSync(join(dir, '.git', 'dfl-stream'));
  git(['reset', '--quiet', '--hard', 'main']);

  // Deploy reports on commits spread over the last half of the history, one of them a rollback; each
  // names its commit's full SHA, known only now.
  const shas = git(['rev-list', '--reverse', 'main']).trim().split('\n');
  const notes: string[] = [];
  for (let d = 0; d < DEPLOYS; d++) {
    const mark = COMMITS / 2 + Math.floor(((d + 1) * (COMMITS / 2 - 1)) / DEPLOYS);
    const commit = shas[mark - 1];
    const environment = ENVIRONMENTS[d % ENVIRONMENTS.length];
    const report = {
      schema: REPORT_SCHEMA,
      type: 'deploy',
      id: `bench-deploy-${d}`,
      commit,
      environment,
      version: `v1.${d}.0`,
      status: d === DEPLOYS - 3 ? 'rolledBack' : 'success',
      reportedBy: { name: 'Bench', email: 'bench@example.com' },
      reportedAt: new Date((BASE_TIME + mark * 600 + 300) * 1000).toISOString(),
    };
    notes.push(`N inline ${commit}\n${data(`${JSON.stringify(report)}\n`)}`);
  }
  const notesStream = `commit refs/notes/devops-feedback\ncommitter Bench <bench@example.com> ${BASE_TIME + COMMITS * 600} +0000\n${data('deploys')}${notes.join('')}`;
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: notesStream });
  git(['update-ref', 'refs/dfl/built', 'main']);
  writeFileSync(join(dir, '.git', 'dfl-complete'), VERSION);
  return dir;
}
