import { spawn } from 'node:child_process';
import { Logger, silentLogger } from '../../core/logger';

/**
 * Runs git the way DESIGN.md's security baseline asks: the injected git binary (VS Code's), an
 * argument array (never a shell), and overrides that stop a hostile repository's config from
 * running code through our processes.
 */

/**
 * Prepended to every command. Why each one:
 * - `core.fsmonitor=`: a repository can name any program as its fsmonitor; empty disables it.
 * - `core.hooksPath=/dev/null`: disables hooks (`reference-transaction` runs on every ref update,
 *   including notes writes; `pre-push` on push). An EMPTY hooksPath is not safe: git 2.39 then
 *   looks for hooks at the filesystem root (`/reference-transaction`), so we use a path under
 *   which no file can exist.
 * - `core.pager=cat`: never start a pager (we are not on a TTY anyway; belt and braces).
 * - `protocol.ext.allow=never`: `ext::` remote URLs run arbitrary commands.
 * - `i18n.logOutputEncoding=UTF-8`: commit messages in other encodings are re-encoded for us.
 * - `diff.external=`: never a user diff program.
 */
const SAFETY_CONFIG: readonly string[] = [
  '-c', 'core.fsmonitor=',
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'core.pager=cat',
  '-c', 'protocol.ext.allow=never',
  '-c', 'i18n.logOutputEncoding=UTF-8',
  '-c', 'diff.external=',
];

/** Inherited variables that would point git somewhere else or inject config behind our back. */
const DROPPED_ENV = [
  'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR', 'GIT_NAMESPACE', 'GIT_CEILING_DIRECTORIES', 'GIT_CONFIG', 'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT', 'GIT_CONFIG_SYSTEM', 'GIT_EXTERNAL_DIFF', 'GIT_PAGER', 'PAGER', 'GIT_EDITOR',
  'GIT_SEQUENCE_EDITOR', 'GIT_NOTES_REF', 'GIT_NOTES_DISPLAY_REF', 'GIT_NOTES_REWRITE_REF', 'GIT_TRACE',
];

export type GitErrorKind = 'exit' | 'timeout' | 'aborted' | 'tooLarge' | 'spawn';

export class GitError extends Error {
  constructor(
    message: string,
    readonly kind: GitErrorKind,
    readonly args: readonly string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

export interface GitRunnerOptions {
  /** Path of the git binary to run: VS Code's (`git.path` of the built-in git extension). */
  gitPath: string;
  /** Working directory: the repository root. */
  cwd: string;
  logger?: Logger;
  /** Per-command default; 30 s. */
  timeoutMs?: number;
  /** Per-command default cap on stdout; 64 MiB. */
  maxOutputBytes?: number;
  /** Extra environment for every command (e.g. VS Code's `GIT_ASKPASS` for pushes). */
  env?: Record<string, string>;
}

export interface GitRunOptions {
  stdin?: string | Buffer;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxOutputBytes?: number;
  /** Exit codes that are answers, not failures (e.g. 1 for `merge-base --is-ancestor`). */
  okExitCodes?: readonly number[];
  /**
   * Config for this command only, passed through `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`, which
   * (unlike `-c key=value`) cannot be confused by a `=` inside a key taken from repository data.
   */
  config?: ReadonlyArray<readonly [string, string]>;
  /** Extra environment for this command (e.g. the committer identity of a notes commit). */
  env?: Record<string, string>;
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

const STDERR_LIMIT = 64 * 1024;

export class GitRunner {
  readonly cwd: string;
  private readonly logger: Logger;

  constructor(private readonly options: GitRunnerOptions) {
    this.cwd = options.cwd;
    this.logger = options.logger ?? silentLogger;
  }

  /** A runner for another directory with the same binary and settings. */
  withCwd(cwd: string): GitRunner {
    return new GitRunner({ ...this.options, cwd });
  }

  /** Runs `git <args>`; rejects with a `GitError` on a non-ok exit, timeout, abort or oversize output. */
  run(args: readonly string[], opts: GitRunOptions = {}): Promise<GitResult> {
    const fullArgs = [...SAFETY_CONFIG, ...args];
    const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs ?? 30_000;
    const maxBytes = opts.maxOutputBytes ?? this.options.maxOutputBytes ?? 64 * 1024 * 1024;
    const okCodes = opts.okExitCodes ?? [0];
    const env = this.environment(opts);
    const started = Date.now();

    return new Promise<GitResult>((resolve, reject) => {
      if (opts.signal?.aborted) {
        reject(new GitError(`git ${args[0] ?? ''} aborted`, 'aborted', args, undefined, ''));
        return;
      }
      const child = spawn(this.options.gitPath, fullArgs, {
        cwd: this.cwd,
        env,
        shell: false,
        windowsHide: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const chunks: Buffer[] = [];
      let size = 0;
      let stderr = '';
      let failure: GitError | undefined;
      let settled = false;

      const fail = (error: GitError) => {
        if (!failure) {
          failure = error;
        }
        child.kill('SIGKILL');
      };
      const onAbort = () => fail(new GitError(`git ${args[0] ?? ''} aborted`, 'aborted', args, undefined, stderr));
      const timer = setTimeout(
        () => fail(new GitError(`git ${args[0] ?? ''} timed out after ${timeoutMs} ms`, 'timeout', args, undefined, stderr)),
        timeoutMs,
      );
      opts.signal?.addEventListener('abort', onAbort, { once: true });

      const finish = (result: GitResult | GitError) => {
        if (settled) {
          return;
        }
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        this.logger.trace(`git ${args.join(' ')} (${Date.now() - started} ms)`);
        if (result instanceof GitError) {
          reject(result);
        } else {
          resolve(result);
        }
      };

      child.stdout.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          fail(new GitError(`git ${args[0] ?? ''} output exceeded ${maxBytes} bytes`, 'tooLarge', args, undefined, stderr));
          return;
        }
        chunks.push(chunk);
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (text: string) => {
        if (stderr.length < STDERR_LIMIT) {
          stderr += text.slice(0, STDERR_LIMIT - stderr.length);
        }
      });
      child.on('error', (err) => {
        finish(new GitError(`cannot run git (${this.options.gitPath}): ${err.message}`, 'spawn', args, undefined, ''));
      });
      child.on('close', (code) => {
        if (failure) {
          finish(failure);
          return;
        }
        const exitCode = code ?? -1;
        if (!okCodes.includes(exitCode)) {
          const detail = stderr.trim().split('\n').slice(-3).join(' | ');
          finish(new GitError(`git ${args[0] ?? ''} failed (exit ${exitCode}): ${detail}`, 'exit', args, exitCode, stderr));
          return;
        }
        finish({ stdout: Buffer.concat(chunks), stderr, exitCode });
      });
      // A command that exits before reading its stdin makes the write fail with EPIPE; the exit code tells the story.
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.stdin ?? '');
    });
  }

  /** `run`, with stdout decoded as UTF-8 (invalid bytes become U+FFFD, never an exception). */
  async text(args: readonly string[], opts: GitRunOptions = {}): Promise<string> {
    const { stdout } = await this.run(args, opts);
    return stdout.toString('utf8');
  }

  private environment(opts: GitRunOptions): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of DROPPED_ENV) {
      delete env[name];
    }
    for (const name of Object.keys(env)) {
      if (/^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(name)) {
        delete env[name];
      }
    }
    Object.assign(env, this.options.env, opts.env, {
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      // Our reads must not take the index lock and disturb the user's own git commands.
      GIT_OPTIONAL_LOCKS: '0',
      LC_ALL: 'C',
      LANGUAGE: 'C',
    });
    const config = opts.config ?? [];
    if (config.length > 0) {
      env.GIT_CONFIG_COUNT = String(config.length);
      config.forEach(([key, value], i) => {
        env[`GIT_CONFIG_KEY_${i}`] = key;
        env[`GIT_CONFIG_VALUE_${i}`] = value;
      });
    }
    return env;
  }
}

/** Splits NUL-separated output, dropping the empty tail after a final NUL. */
export function splitNul(text: string): string[] {
  const parts = text.split('\0');
  if (parts.length > 0 && parts[parts.length - 1] === '') {
    parts.pop();
  }
  return parts;
}

const SHA_RE = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** A full SHA-1 or SHA-256 object name, lower case. */
export function isFullSha(value: string): boolean {
  return SHA_RE.test(value);
}

/**
 * Refuses a revision string that git could read as an option or that carries control characters.
 * Callers still pass `--end-of-options` where git supports it; this is the second lock.
 */
export function assertSafeRevision(rev: string): void {
  if (rev.length === 0 || rev.length > 1024 || rev.startsWith('-') || /[\x00-\x1f\x7f]/.test(rev)) {
    throw new Error(`refusing unsafe revision ${JSON.stringify(rev.slice(0, 80))}`);
  }
}
