import assert from 'node:assert/strict';
import * as net from 'node:net';
import { GitError, GitRunner, assertSafeRevision } from '../../../../src/sources/git/gitRunner';
import { GIT, TestRepo, removeDir } from './fixtures';

/** A TCP server on 127.0.0.1 that accepts git:// connections and never answers, so git waits. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) {
          s.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

describe('git/gitRunner', () => {
  let t: TestRepo;

  before(() => {
    t = TestRepo.init('runner');
    t.commit('first', { 'a.txt': 'a\n' });
  });
  after(() => removeDir(t.dir));

  it('runs git with an argument array and returns stdout as bytes', async () => {
    const runner = new GitRunner({ gitPath: GIT, cwd: t.dir });
    const { stdout, exitCode } = await runner.run(['rev-parse', 'HEAD']);
    assert.equal(exitCode, 0);
    assert.match(stdout.toString(), /^[0-9a-f]{40}\n$/);
  });

  it('passes arguments verbatim: shell metacharacters are not interpreted', async () => {
    const runner = new GitRunner({ gitPath: GIT, cwd: t.dir });
    const out = await runner.text(['log', '-1', '--format=%s $(echo pwned);`id`|&& >x'], {});
    assert.equal(out.trim(), 'first $(echo pwned);`id`|&& >x');
  });

  it('rejects with a GitError carrying stderr and the exit code', async () => {
    const runner = new GitRunner({ gitPath: GIT, cwd: t.dir });
    await assert.rejects(runner.run(['rev-parse', '--verify', 'no-such-ref']), (err: unknown) => {
      assert.ok(err instanceof GitError);
      assert.equal(err.kind, 'exit');
      assert.equal(err.exitCode, 128);
      assert.match(err.stderr, /Needed a single revision/);
      return true;
    });
  });

  it('accepts exit codes declared as answers', async () => {
    const runner = new GitRunner({ gitPath: GIT, cwd: t.dir });
    const { exitCode } = await runner.run(['rev-parse', '--verify', '--quiet', 'no-such-ref'], { okExitCodes: [0, 1] });
    assert.equal(exitCode, 1);
  });

  it('reports a missing git binary as a spawn error', async () => {
    const runner = new GitRunner({ gitPath: '/nonexistent/git', cwd: t.dir });
    await assert.rejects(runner.run(['version']), (err: unknown) => err instanceof GitError && err.kind === 'spawn');
  });

  it('kills a command that outgrows the output cap', async () => {
    const runner = new GitRunner({ gitPath: GIT, cwd: t.dir, maxOutputBytes: 10 });
    await assert.rejects(runner.run(['log', '--format=%H%n%H%n%H']), (err: unknown) => err instanceof GitError && err.kind === 'tooLarge');
  });

  it('times out a command that hangs (git:// server on loopback that never answers)', async () => {
    const server = await silentServer();
    try {
      const runner = new GitRunner({ gitPath: GIT, cwd: t.dir });
      await assert.rejects(
        runner.run(['ls-remote', `git://127.0.0.1:${server.port}/repo.git`], { timeoutMs: 300 }),
        (err: unknown) => err instanceof GitError && err.kind === 'timeout',
      );
    } finally {
      await server.close();
    }
  });

  it('cancels a running command through its AbortSignal', async () => {
    const server = await silentServer();
    try {
      const runner = new GitRunner({ gitPath: GIT, cwd: t.dir });
      const controller = new AbortController();
      const pending = runner.run(['ls-remote', `git://127.0.0.1:${server.port}/repo.git`], { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(pending, (err: unknown) => err instanceof GitError && err.kind === 'aborted');
      await assert.rejects(
        runner.run(['version'], { signal: controller.signal }),
        (err: unknown) => err instanceof GitError && err.kind === 'aborted',
      );
    } finally {
      await server.close();
    }
  });

  it('ignores GIT_DIR and GIT_CONFIG_PARAMETERS inherited from the environment', async () => {
    const saved = { dir: process.env.GIT_DIR, params: process.env.GIT_CONFIG_PARAMETERS };
    process.env.GIT_DIR = '/nonexistent';
    process.env.GIT_CONFIG_PARAMETERS = "'user.name'='Injected'";
    try {
      const runner = new GitRunner({ gitPath: GIT, cwd: t.dir });
      assert.equal((await runner.text(['config', 'user.name'])).trim(), 'Ada Tester');
    } finally {
      for (const [key, value] of [
        ['GIT_DIR', saved.dir],
        ['GIT_CONFIG_PARAMETERS', saved.params],
      ] as const) {
        if (value === undefined) {
          delete process.env[key];
        } else {
          process.env[key] = value;
        }
      }
    }
  });

  it('applies per-command config through the environment, even with "=" in keys', async () => {
    const runner = new GitRunner({ gitPath: GIT, cwd: t.dir });
    const out = await runner.text(['config', '--get', 'filter.a=b.clean'], { config: [['filter.a=b.clean', 'x=y']] });
    assert.equal(out.trim(), 'x=y');
  });

  it('refuses revisions that look like options or carry control characters', () => {
    assert.throws(() => assertSafeRevision('--upload-pack=evil'));
    assert.throws(() => assertSafeRevision('main\nHEAD'));
    assert.throws(() => assertSafeRevision(''));
    assert.doesNotThrow(() => assertSafeRevision('v1.2.3^{commit}'));
  });
});
