import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Logger } from '../../../../src/core/logger';
import { GitRunner } from '../../../../src/sources/git/gitRunner';
import { GitRepository } from '../../../../src/sources/git/repository';

/** Real git repositories in temp folders for the git tests. Setup commands never run hooks or fsmonitor. */

export const GIT = 'git';
const BASE_TIME = Date.UTC(2024, 0, 1) / 1000;

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `dfl-${prefix}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Runs git for test setup, with a fixed identity and dates, and hooks/fsmonitor off. */
export function git(
  cwd: string,
  args: string[],
  options: { input?: string | Buffer; time?: number; env?: Record<string, string> } = {},
): string {
  const date = `${options.time ?? BASE_TIME} +0000`;
  return execFileSync(GIT, ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=', ...args], {
    cwd,
    input: options.input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Ada Tester',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_COMMITTER_NAME: 'Ada Tester',
      GIT_COMMITTER_EMAIL: 'ada@example.com',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
      ...options.env,
    },
  });
}

/** Raw stdout bytes of a git command (for byte-exact assertions). */
export function gitBytes(cwd: string, args: string[]): Buffer {
  return execFileSync(GIT, ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=', ...args], {
    cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** A working repository with helpers to build history; dates advance one hour per commit. */
export class TestRepo {
  private clock = BASE_TIME;

  constructor(readonly dir: string) {}

  static init(prefix = 'repo', branch = 'main'): TestRepo {
    const dir = tempDir(prefix);
    git(dir, ['init', '--quiet', `--initial-branch=${branch}`]);
    git(dir, ['config', 'user.name', 'Ada Tester']);
    git(dir, ['config', 'user.email', 'ada@example.com']);
    return new TestRepo(dir);
  }

  git(args: string[], input?: string | Buffer): string {
    return git(this.dir, args, { input, time: this.clock });
  }

  write(file: string, content: string | Buffer): void {
    const full = path.join(this.dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }

  read(file: string): string {
    return fs.readFileSync(path.join(this.dir, file), 'utf8');
  }

  /** Writes files, commits them, returns the new commit's SHA. */
  commit(message: string, files: Record<string, string | Buffer> = {}): string {
    this.clock += 3600;
    for (const [file, content] of Object.entries(files)) {
      this.write(file, content);
    }
    this.git(['add', '--all']);
    this.git(['commit', '--quiet', '--allow-empty', '--cleanup=verbatim', '-F', '-'], message);
    return this.sha('HEAD');
  }

  sha(rev: string): string {
    return this.git(['rev-parse', '--verify', `${rev}^{commit}`]).trim();
  }

  tag(name: string, message?: string, rev = 'HEAD'): void {
    this.clock += 60;
    this.git(message ? ['tag', '-a', name, '-m', message, rev] : ['tag', name, rev]);
  }

  /** The opened repository, through the production runner with this `git`. */
  open(logger?: Logger): GitRepository {
    return new GitRepository(new GitRunner({ gitPath: GIT, cwd: this.dir, logger }), this.dir, logger);
  }
}

/** A bare remote and `count` clones of it (each with its own identity), sharing one first commit. */
export function clonesOfBareRemote(count: number): { root: string; bare: string; clones: TestRepo[] } {
  const root = tempDir('remote');
  const bare = path.join(root, 'remote.git');
  git(root, ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
  const seed = new TestRepo(path.join(root, 'seed'));
  git(root, ['clone', '--quiet', bare, seed.dir]);
  seed.git(['config', 'user.name', 'Seed']);
  seed.git(['config', 'user.email', 'seed@example.com']);
  seed.commit('chore: initial commit', { 'README.md': 'hello\n' });
  seed.git(['push', '--quiet', 'origin', 'main']);
  const clones: TestRepo[] = [];
  for (let i = 0; i < count; i++) {
    const clone = new TestRepo(path.join(root, `clone${i}`));
    git(root, ['clone', '--quiet', bare, clone.dir]);
    clone.git(['config', 'user.name', `Dev ${i}`]);
    clone.git(['config', 'user.email', `dev${i}@example.com`]);
    clones.push(clone);
  }
  return { root, bare, clones };
}

/** Records warnings (and everything else) so tests can assert what was skipped. */
export class RecordingLogger implements Logger {
  readonly lines: Array<{ level: string; message: string }> = [];

  get warnings(): string[] {
    return this.lines.filter((l) => l.level === 'warn').map((l) => l.message);
  }

  trace(message: string): void {
    this.lines.push({ level: 'trace', message });
  }
  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string | Error): void {
    this.lines.push({ level: 'error', message: String(message) });
  }
}
