import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { Semaphore } from '../../http/concurrency';
import { Logger, silentLogger } from '../../core/logger';

import { configListing } from './configListing';
import { NEUTRAL_ENV, TRANSPORT_PROGRAM_ARGS, programOverrides, type ProgramProfile } from './programKeys';

/**
 * Runs git safely: the injected git binary (VS Code's), an
 * argument array (never a shell), only the subcommands this extension needs, and config overrides
 * that stop a repository's config from running programs through our processes (programKeys.ts).
 */

/**
 * Prepended to every command, before the per-command overrides (programKeys.ts) that come through
 * the environment. `--no-pager` covers `core.pager` and every `pager.<cmd>`; the `-c` values repeat
 * the most important overrides so that even the config listing itself runs under them.
 * `i18n.logOutputEncoding=UTF-8`: commit messages in other encodings are re-encoded for us.
 */
const SAFETY_ARGS: readonly string[] = [
  '--no-pager',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'protocol.ext.allow=never',
  '-c',
  'i18n.logOutputEncoding=UTF-8',
];

/**
 * The subcommands the extension runs. Anything else is refused before git starts: the programs that
 * only other commands run (`add -p`'s diff filter, merge and diff tools, `send-email`, `help`'s
 * browser, `rebase`'s editor, `commit`'s signing) are then out of reach whatever the config says.
 */
export const ALLOWED_COMMANDS: ReadonlySet<string> = new Set([
  'blame',
  'cat-file',
  'check-attr',
  'config',
  'describe',
  'diff',
  'fetch',
  'for-each-ref',
  'hash-object',
  'log',
  'ls-remote',
  'merge-base',
  'notes',
  'push',
  'rev-list',
  'rev-parse',
  'show',
  'show-ref',
  'switch',
  'symbolic-ref',
  'update-ref',
  'version',
]);

/** Commands that write the working tree: refused when the repository moves its worktree elsewhere. */
const WRITES_WORKTREE = new Set(['switch']);

/** git 2.31 is the first to read config from `GIT_CONFIG_COUNT`, which the overrides depend on. */
const MIN_GIT_VERSION: readonly [number, number] = [2, 31];

/** Set on every git process we start, so tests (and a curious user's scripts) can tell ours apart. */
export const OWN_PROCESS_ENV = 'DEVOPS_FEEDBACK_LOOP_GIT';

/** Inherited variables that would point git somewhere else or inject config behind our back. */
const DROPPED_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_CEILING_DIRECTORIES',
  'GIT_CONFIG',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
  'GIT_CONFIG_SYSTEM',
  'GIT_EXTERNAL_DIFF',
  'GIT_PAGER',
  'PAGER',
  'GIT_EDITOR',
  'GIT_SEQUENCE_EDITOR',
  'GIT_NOTES_REF',
  'GIT_NOTES_DISPLAY_REF',
  'GIT_NOTES_REWRITE_REF',
  'GIT_TRACE',
];

export type GitErrorKind = 'exit' | 'timeout' | 'aborted' | 'tooLarge' | 'spawn' | 'refused';

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
  /** What a user waits for (the editor's blame): its processes start before queued background reads. */
  interactive?: boolean;
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
  /**
   * Whose programs may run: `isolated` (default) none at all; `user` (fetch, push and checkout in a
   * trusted workspace) the user's own credential helpers, ssh command and filters, never the repository's.
   */
  programs?: ProgramProfile;
  /** Streams stdout to this callback instead of collecting it (`stdout` of the result is then empty, and no size cap applies). */
  onStdout?: (chunk: Buffer) => void;
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

const STDERR_LIMIT = 64 * 1024;

/** Commands that wait on a server; they do not hold a process slot. */
const NETWORK_COMMANDS: ReadonlySet<string> = new Set(['fetch', 'push', 'ls-remote']);
/** Local git processes running at once: enough to use every core, few enough that none starves. */
const PROCESS_LIMIT = Math.max(2, Math.min(8, availableParallelism()));
const processSlots = new Semaphore(PROCESS_LIMIT);

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

  /** The same runner for what a user waits for: its processes go ahead of queued background ones. */
  interactive(): GitRunner {
    return new GitRunner({ ...this.options, interactive: true });
  }

  /** Runs `git <args>`; rejects with a `GitError` on a refused command, a non-ok exit, timeout, abort or oversize output. */
  async run(args: readonly string[], opts: GitRunOptions = {}): Promise<GitResult> {
    const command = args[0] ?? '';
    if (!ALLOWED_COMMANDS.has(command)) {
      throw new GitError(`git ${command}: not a command this extension runs`, 'refused', args, undefined, '');
    }
    await this.checkVersion();
    const env = this.environment(opts);
    const profile = opts.programs ?? 'isolated';
    const entries = await configListing(
      this.cwd,
      env,
      async () =>
        (
          await this.spawn(['config', '--list', '--show-scope', '--show-origin', '-z'], { signal: opts.signal, okExitCodes: [0, 1] }, env)
        ).stdout.toString('utf8'),
      profile === 'user',
    );
    if (WRITES_WORKTREE.has(command) && entries.some((e) => e.key === 'core.worktree' && (e.scope === 'local' || e.scope === 'worktree'))) {
      throw new GitError(
        `git ${command} refused: the repository's config moves its working tree elsewhere (core.worktree); check out from a terminal if that is intended`,
        'refused',
        args,
        undefined,
        '',
      );
    }
    withConfig(env, [...programOverrides(entries, profile), ...(opts.config ?? [])]);
    const transport = TRANSPORT_PROGRAM_ARGS[command];
    return this.spawn(transport ? [command, transport, ...args.slice(1)] : args, opts, env);
  }

  /** Refuses every command on a git too old for the overrides (once per binary). */
  private checkVersion(): Promise<void> {
    let check = versionChecks.get(this.options.gitPath);
    if (!check) {
      check = this.spawn(['version'], {}, this.environment({})).then(({ stdout }) => {
        const match = /git version (\d+)\.(\d+)/.exec(stdout.toString('utf8'));
        const [major, minor] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
        if (major < MIN_GIT_VERSION[0] || (major === MIN_GIT_VERSION[0] && minor < MIN_GIT_VERSION[1])) {
          throw new GitError(
            `git ${major}.${minor} at ${this.options.gitPath} is too old: DevOps Feedback Loop needs git ${MIN_GIT_VERSION.join('.')} or newer to run it safely`,
            'refused',
            ['version'],
            undefined,
            '',
          );
        }
      });
      // A binary that could not start is tried again next time (it may be installed meanwhile).
      check.catch((err) => {
        if (!(err instanceof GitError && err.kind === 'refused')) versionChecks.delete(this.options.gitPath);
      });
      versionChecks.set(this.options.gitPath, check);
    }
    return check;
  }

  /**
   * At most PROCESS_LIMIT local git processes at once for the whole extension host (a cold start
   * otherwise starts dozens together and the one a user waits for crawls); network commands, whose
   * time is the server's, are not counted.
   */
  private async spawn(args: readonly string[], opts: GitRunOptions, env: NodeJS.ProcessEnv): Promise<GitResult> {
    if (NETWORK_COMMANDS.has(args[0] ?? '')) return this.spawnNow(args, opts, env);
    let release: () => void;
    try {
      release = await processSlots.acquire(opts.signal, { first: this.options.interactive });
    } catch {
      throw new GitError(`git ${args[0] ?? ''} aborted`, 'aborted', args, undefined, '');
    }
    try {
      return await this.spawnNow(args, opts, env);
    } finally {
      release();
    }
  }

  private spawnNow(args: readonly string[], opts: GitRunOptions, env: NodeJS.ProcessEnv): Promise<GitResult> {
    const fullArgs = [...SAFETY_ARGS, ...args];
    const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs ?? 30_000;
    const maxBytes = opts.maxOutputBytes ?? this.options.maxOutputBytes ?? 64 * 1024 * 1024;
    const okCodes = opts.okExitCodes ?? [0];
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
        if (opts.onStdout) {
          try {
            opts.onStdout(chunk);
          } catch (err) {
            fail(
              new GitError(
                `git ${args[0] ?? ''}: reading its output failed: ${err instanceof Error ? err.message : String(err)}`,
                'exit',
                args,
                undefined,
                stderr,
              ),
            );
          }
          return;
        }
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
    Object.assign(env, this.options.env, opts.env, NEUTRAL_ENV, {
      [OWN_PROCESS_ENV]: '1',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      // Our reads must not take the index lock and disturb the user's own git commands.
      GIT_OPTIONAL_LOCKS: '0',
      LC_ALL: 'C',
      LANGUAGE: 'C',
    });
    return env;
  }
}

const versionChecks = new Map<string, Promise<void>>();

/**
 * Config for one command through `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`, which (unlike `-c key=value`)
 * cannot be confused by a `=` in a key taken from repository data; later entries win.
 */
function withConfig(env: NodeJS.ProcessEnv, config: ReadonlyArray<readonly [string, string]>): void {
  env.GIT_CONFIG_COUNT = String(config.length);
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
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
