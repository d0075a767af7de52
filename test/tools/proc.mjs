// Child processes for the test tooling: every child gets its own process group, a hard time limit,
// and is killed (whole group) when it times out or when this process exits or is interrupted,
// so neither CI nor a developer's shell is ever left with a stray code-server or Chromium.
// Node built-ins only: this runs before node_modules exist.
import { spawn } from 'node:child_process';

const groups = new Set();

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** Kills every process group started through this module (SIGKILL: used on exit, where nothing can wait). */
export function killAllChildren(signal = 'SIGKILL') {
  for (const pid of groups) killGroup(pid, signal);
}

/** Remembers a process group started elsewhere (e.g. code-server) so exits and signals kill it too. */
export function trackGroup(pid) {
  groups.add(pid);
  return () => groups.delete(pid);
}

/** Stops a group politely (SIGTERM), then for sure (SIGKILL) after `graceMs`; resolves when `child` has exited. */
export function stopGroup(child, graceMs = 5000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      killGroup(child.pid, 'SIGKILL'); // The leader may be gone while its children still run.
      resolve();
      return;
    }
    const hard = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(hard);
      killGroup(child.pid, 'SIGKILL');
      resolve();
    });
    killGroup(child.pid, 'SIGTERM');
  });
}

const cleanups = [];
let handlersInstalled = false;
/**
 * On exit or Ctrl-C/SIGTERM/SIGHUP, kill every tracked group. `onSignal` callbacks (from every caller) run first
 * for an orderly stop, bounded by 10 s in all.
 */
export function installExitHandlers(onSignal) {
  if (onSignal) cleanups.push(onSignal);
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => killAllChildren('SIGKILL'));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      const done = () => {
        killAllChildren('SIGKILL');
        process.exit(128 + { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[signal]);
      };
      setTimeout(done, 10_000).unref();
      Promise.allSettled(cleanups.map((cleanup) => Promise.resolve().then(() => cleanup(signal)))).finally(done);
    });
  }
}

/**
 * Runs a command to completion. Output goes to our stdout/stderr as it comes; with `capture` it is also
 * returned (for parsing summaries). Never throws for a non-zero exit: the caller decides.
 * @returns {Promise<{ code: number, timedOut: boolean, output: string }>}
 */
export function run(command, args, { cwd, env, timeoutMs, capture = false, quiet = false } = {}) {
  if (!timeoutMs) throw new Error(`run(${command}): a timeout is required`);
  installExitHandlers();
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    const child = spawn(command, args, {
      cwd,
      env: env ?? process.env,
      detached: true,
      stdio: ['ignore', capture || quiet ? 'pipe' : 'inherit', capture || quiet ? 'pipe' : 'inherit'],
    });
    if (child.pid) groups.add(child.pid);
    let settled = false;
    const finish = (code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.pid) {
        killGroup(child.pid, 'SIGKILL'); // Leftover grandchildren of a finished command.
        groups.delete(child.pid);
      }
      resolve({ code, timedOut, output });
    };
    for (const [stream, sink] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      stream?.on('data', (chunk) => {
        if (capture) output += chunk;
        if (!quiet) sink.write(chunk);
      });
    }
    const timer = setTimeout(() => {
      timedOut = true;
      process.stderr.write(`\n!! ${command} ${args.join(' ')}: no result after ${Math.round(timeoutMs / 1000)} s, killing it\n`);
      stopGroup(child);
    }, timeoutMs);
    child.on('error', (error) => {
      output += String(error);
      process.stderr.write(`!! cannot run ${command}: ${error.message}\n`);
      if (!child.pid) finish(127);
    });
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}
