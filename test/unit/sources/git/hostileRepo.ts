import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { GitRunner, OWN_PROCESS_ENV } from '../../../../src/sources/git/gitRunner';
import { GitRepository } from '../../../../src/sources/git/repository';
import { RecordingLogger, TestRepo, git, removeDir, tempDir } from './fixtures';

/**
 * A real repository ready to be armed with hostile config, and the means to prove a trap: marker
 * programs (each writes a file named after itself when run), plain git with nothing of ours, and a
 * git HTTP server that answers 401 so credential helpers and askpass programs are asked.
 *
 * Layout: `root/remote.git` (bare origin), `root/hostile` (the clone under attack: `main` (HEAD),
 * `other` (changes lib.txt, adds other.txt), `conflict` (changes app.txt against main), and a
 * `.gitattributes` naming the `evil` drivers for every file), `root/global.gitconfig` (the user's
 * global config, empty unless a test writes one), `root/markers`.
 */
export class HostileRepo {
  readonly root = tempDir('hostile');
  readonly bare = path.join(this.root, 'remote.git');
  readonly repo = new TestRepo(path.join(this.root, 'hostile'));
  readonly markers = path.join(this.root, 'markers');
  readonly globalConfig = path.join(this.root, 'global.gitconfig');
  readonly logger = new RecordingLogger();
  base = '';
  private server: http.Server | undefined;
  webUrl = '';

  static async create(): Promise<HostileRepo> {
    const h = new HostileRepo();
    await h.setUp();
    return h;
  }

  private async setUp(): Promise<void> {
    fs.mkdirSync(this.markers);
    fs.writeFileSync(this.globalConfig, '');
    git(this.root, ['init', '--quiet', '--bare', '--initial-branch=main', this.bare]);
    git(this.root, ['clone', '--quiet', this.bare, this.repo.dir]);
    this.repo.git(['config', 'user.name', 'Ada Tester']);
    this.repo.git(['config', 'user.email', 'ada@example.com']);
    this.base = this.repo.commit('feat: app', {
      'app.txt': 'one\ntwo\n',
      'lib.txt': 'lib\n',
      '.gitattributes': '* filter=evil diff=evil merge=evil\n',
    });
    this.repo.tag('v1.0.0', 'first');
    this.repo.git(['branch', 'conflict']);
    this.repo.commit('fix: two', { 'app.txt': 'one\nTWO\n' });
    // `other` leaves app.txt alone, so switching to it works with app.txt modified in the working tree.
    this.repo.git(['switch', '--quiet', '-c', 'other']);
    this.repo.commit('feat: other', { 'lib.txt': 'lib\nother\n', 'other.txt': 'only here\n' });
    this.repo.git(['switch', '--quiet', 'conflict']);
    this.repo.commit('feat: conflict', { 'app.txt': 'one\nconflicting\n' });
    this.repo.git(['switch', '--quiet', 'main']);
    this.repo.git(['push', '--quiet', 'origin', 'main', 'other', 'v1.0.0']);

    this.server = http.createServer((req, res) => {
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="hostile"', 'Content-Type': 'text/plain' });
      res.end('auth required\n');
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.webUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/repo.git`;
    this.repo.git(['remote', 'add', 'web', this.webUrl]);
  }

  /**
   * An executable that records its run as `markers/<name>` and fails, so no caller waits on it.
   * `onlyOurs`: it records only when started (through git) by one of our git processes, which carry
   * OWN_PROCESS_ENV; in the VS Code host the built-in git extension runs git in the same repositories.
   */
  program(name: string, options: { onlyOurs?: boolean } = {}): string {
    const file = path.join(this.root, 'programs', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const record = `echo "$0 $*" >> '${path.join(this.markers, name)}'`;
    const body = options.onlyOurs ? `[ -n "$${OWN_PROCESS_ENV}" ] && ${record}` : record;
    fs.writeFileSync(file, `#!/bin/sh\n${body}\nexit 1\n`, { mode: 0o755 });
    return file;
  }

  /** Names of the markers written so far. */
  fired(): string[] {
    return fs.readdirSync(this.markers).sort();
  }

  clearMarkers(): void {
    for (const f of fs.readdirSync(this.markers)) fs.rmSync(path.join(this.markers, f));
  }

  config(key: string, value: string): void {
    this.repo.git(['config', '--add', key, value]);
  }

  /** Replaces HEAD (`main`) with a copy of its commit that carries a signature header of this kind. */
  signHead(kind: 'openpgp' | 'ssh' | 'x509'): void {
    const [begin, end] = {
      openpgp: ['-----BEGIN PGP SIGNATURE-----', '-----END PGP SIGNATURE-----'],
      ssh: ['-----BEGIN SSH SIGNATURE-----', '-----END SSH SIGNATURE-----'],
      x509: ['-----BEGIN SIGNED MESSAGE-----', '-----END SIGNED MESSAGE-----'],
    }[kind];
    const raw = this.repo.git(['cat-file', 'commit', 'HEAD']);
    const blank = raw.indexOf('\n\n');
    const signed = `${raw.slice(0, blank)}\ngpgsig ${begin}\n \n U0lHTkFUVVJF\n ${end}${raw.slice(blank)}`;
    const sha = this.repo.git(['hash-object', '-t', 'commit', '-w', '--stdin'], signed).trim();
    this.repo.git(['update-ref', 'refs/heads/main', sha]);
  }

  /**
   * Plain git in the hostile repository: the user's global config only, none of our overrides.
   * Asynchronous, because the HTTP server git may talk to runs in this process.
   */
  plain(args: string[], options: { tty?: boolean; cwd?: string } = {}): Promise<{ status: number | null; stderr: string }> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GIT_CONFIG_GLOBAL: this.globalConfig,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
    };
    for (const name of [
      'GIT_ASKPASS',
      'SSH_ASKPASS',
      'GIT_EDITOR',
      'GIT_SEQUENCE_EDITOR',
      'EDITOR',
      'VISUAL',
      'GIT_PAGER',
      'PAGER',
      'GIT_SSH',
      'GIT_SSH_COMMAND',
      'GIT_PROXY_COMMAND',
    ]) {
      delete env[name];
    }
    const cwd = options.cwd ?? this.repo.dir;
    const [command, argv] = options.tty ? ['script', ['-qec', ['git', ...args].map(shellQuote).join(' '), '/dev/null']] : ['git', args];
    return new Promise((resolve) => {
      const child = spawn(command, argv as string[], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('close', (status) => resolve({ status, stderr }));
    });
  }

  /** The repository through our production runner, with the same global config as `plain`. */
  open(gitPath = 'git'): GitRepository {
    const runner = new GitRunner({ gitPath, cwd: this.repo.dir, logger: this.logger, env: { GIT_CONFIG_GLOBAL: this.globalConfig } });
    return new GitRepository(runner, this.repo.dir, this.logger);
  }

  async dispose(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    removeDir(this.root);
  }
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
