// A real VS Code extension host for tests and the demo: code-server (VS Code server + web workbench, Node 24)
// on loopback, driven by headless Chromium through playwright-core. README, "How the tests run a real VS Code here", says how.
// Every process started here is killed when this process exits or is interrupted (see proc.mjs).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ensureHost, root } from './ensure.mjs';
import { installExitHandlers, stopGroup, trackGroup } from './proc.mjs';

export const artifactsDir = path.join(root, '.test-artifacts');
const SECOND = 1000;

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** User settings for a quiet, predictable workbench: no welcome page, no telemetry or update checks, no AI panels. */
function userSettings(trusted, extra) {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.autofetch': false,
    // Its web worker cannot load its model in this workbench and logs a stack trace for every file opened.
    'workbench.editor.languageDetection': false,
    // Untrusted runs open straight into Restricted Mode (no modal prompt to click away).
    'security.workspace.trust.enabled': !trusted ? true : undefined,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.emptyWindow': false,
    ...extra,
  };
}

/** A fresh user-data-dir under os.tmpdir() with our user settings written before the server starts. */
function prepareUserDataDir(dir, trusted, settings) {
  const userDataDir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dfl-host-'));
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const file = path.join(userDataDir, 'User/settings.json');
  const existing = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  fs.writeFileSync(file, JSON.stringify({ ...existing, ...userSettings(trusted, settings) }, null, 2));
  return userDataDir;
}

/**
 * Starts code-server on 127.0.0.1 (a free port chosen by the OS) and resolves once it answers HTTP.
 * @param {{ trusted?: boolean, userDataDir?: string, settings?: object, label?: string,
 *           idleTimeoutSeconds?: number, startTimeoutMs?: number, port?: number }} options
 * @returns {Promise<{ url: string, port: number, userDataDir: string, logFile: string, exited: Promise<number>, stop(): Promise<void> }>}
 */
export async function startCodeServer({
  trusted = true,
  userDataDir,
  settings = {},
  label = 'host',
  idleTimeoutSeconds,
  startTimeoutMs = 90 * SECOND,
  port = 0,
} = {}) {
  installExitHandlers();
  const host = await ensureHost();
  const ownsUserDataDir = !userDataDir;
  userDataDir = prepareUserDataDir(userDataDir, trusted, settings);
  const logDir = path.join(artifactsDir, 'host');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${label}-code-server.log`);
  const log = fs.createWriteStream(logFile);

  const configFile = path.join(userDataDir, 'code-server.yaml'); // Keeps code-server from writing ~/.config.
  fs.writeFileSync(configFile, 'auth: none\n');
  const args = [
    host.codeServer,
    '--config',
    configFile,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${Number(port) || 0}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    path.join(userDataDir, 'extensions'),
    '--vscode-option',
    'enable-smoke-test-driver',
    '--ignore-last-opened',
  ];
  if (trusted) args.push('--disable-workspace-trust');
  // Safety net: a server whose test runner was killed outright shuts itself down once no browser is connected.
  if (idleTimeoutSeconds) args.push('--idle-timeout-seconds', String(idleTimeoutSeconds));

  const child = spawn(host.node, args, {
    cwd: userDataDir,
    detached: true, // Own process group: stopping it also stops the extension host, pty host and watchers.
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH: `${path.dirname(host.node)}${path.delimiter}${process.env.PATH}`, NODE_OPTIONS: '' },
  });
  const untrack = trackGroup(child.pid);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });

  const stop = async () => {
    await stopGroup(child);
    untrack();
    log.end();
    if (ownsUserDataDir) fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    const port = await new Promise((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`code-server did not listen within ${startTimeoutMs / SECOND} s`)), startTimeoutMs);
      const onData = (chunk) => {
        seen += chunk;
        const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
        if (match) {
          clearTimeout(timer);
          child.stdout.off('data', onData);
          resolve(Number(match[1]));
        }
      };
      child.stdout.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${code}) before listening`));
      });
    });
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/healthz`, startTimeoutMs);
    return { url, port, userDataDir, logFile, exited, stop };
  } catch (error) {
    await stop();
    throw new Error(`${error.message}; see ${logFile}:\n${tail(logFile)}`);
  }
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5 * SECOND) });
      if (response.ok) return;
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / SECOND} s: ${lastError?.message}`);
}

function tail(file, lines = 20) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** The workbench URL that opens `workspace` and, through the smoke-test driver, loads an extension under development. */
export function workbenchUrl(serverUrl, { workspace, extensionPath, testsPath }) {
  const remote = (file) => `vscode-remote://${new URL(serverUrl).host}${path.resolve(file)}`;
  const payload = [];
  if (extensionPath) payload.push(['extensionDevelopmentPath', remote(extensionPath)]);
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  payload.push(['skipWelcome', 'true']);
  const query = new URLSearchParams();
  if (workspace) query.set('folder', path.resolve(workspace));
  query.set('payload', JSON.stringify(payload));
  return `${serverUrl}/?${query}`;
}

/** Loads playwright-core from the host install (it is not a dependency of the extension). */
export async function loadPlaywright() {
  const host = await ensureHost();
  return createRequire(path.join(host.dir, 'package.json'))('playwright-core');
}

/**
 * Starts code-server, opens the workbench in headless Chromium and loads the extension under development (and,
 * with `testsPath`, its integration tests, whose `run()` result becomes `exitCode`).
 * Host console lines are printed with a `[host]` prefix; `lines` keeps them for parsing.
 * @returns {Promise<{ page: import('playwright-core').Page, browser: import('playwright-core').Browser, url: string,
 *   server: Awaited<ReturnType<typeof startCodeServer>>, exitCode: Promise<number>, lines: string[], stop(): Promise<void> }>}
 */
export async function startHost({
  workspace,
  extensionPath,
  testsPath,
  trusted = true,
  userDataDir,
  settings,
  label = 'host',
  quiet = false,
  viewport = { width: 1400, height: 900 },
} = {}) {
  const { chromium } = await loadPlaywright();
  const server = await startCodeServer({ trusted, userDataDir, settings, label, idleTimeoutSeconds: 900 });
  let browser;
  const lines = [];
  const print = (line) => {
    lines.push(line);
    if (!quiet) process.stdout.write(`[${label}] ${line}\n`);
  };
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs, timeout: 60 * SECOND });
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(30 * SECOND);

    let resolveExit;
    const exitCode = new Promise((resolve) => {
      resolveExit = resolve;
    });
    const workbenchLog = fs.createWriteStream(path.join(artifactsDir, 'host', `${label}-workbench.log`));
    await page.exposeFunction('codeAutomationLog', (level, message) => workbenchLog.write(`[${level}] ${message}\n`));
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      saveHostLogs(label, logs);
      resolveExit(code);
    });
    const consoleLog = fs.createWriteStream(path.join(artifactsDir, 'host', `${label}-console.log`));
    page.on('console', (message) => {
      const text = cleanConsoleText(message.text());
      consoleLog.write(`${text}\n`);
      if (!isNoise(text)) for (const line of text.split('\n')) print(line);
    });
    page.on('pageerror', (error) => workbenchLog.write(`[pageerror] ${error.message}\n`));

    await page.goto(workbenchUrl(server.url, { workspace, extensionPath, testsPath }), {
      waitUntil: 'domcontentloaded',
      timeout: 60 * SECOND,
    });
    const stop = async () => {
      await browser.close().catch(() => {});
      workbenchLog.end();
      consoleLog.end();
      await server.stop();
    };
    return { page, browser, url: server.url, server, exitCode, lines, stop };
  } catch (error) {
    await browser?.close().catch(() => {});
    await server.stop();
    throw error;
  }
}

/**
 * The workbench prints log lines (its own and the extension host's console) styled: `%c INFO color: #33f text`.
 * Returns the text, with the level kept only when it is not INFO.
 */
export function cleanConsoleText(text) {
  const match = /^%c\s*(\w+) color: #[0-9a-fA-F]{3,6} ?/.exec(text);
  if (!match) return text;
  const body = text.slice(match[0].length);
  return match[1] === 'INFO' ? body : `${match[1]} ${body}`;
}

/** Workbench chatter that says nothing about the extension (offline gallery, connection set-up); kept in the log file. */
const noise = [
  /^Failed to load resource/,
  /ENOTFOUND|ERR_NAME_NOT_RESOLVED|open-vsx\.org/,
  /connection token/,
  /^Creating a socket/,
  /\[reconnection-grace-time\]/,
  /web worker extension host is started/,
  /allow-scripts and allow-same-origin/,
  /additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^\[AgentHost/,
  /^\[AccountPolicyGate\]/,
  /vscode-languagedetection/,
];
export function isNoise(text) {
  return noise.some((pattern) => pattern.test(text));
}

/** The workbench hands over its log files when the tests end; keep them as artifacts for post-mortems. */
function saveHostLogs(label, logs) {
  if (!Array.isArray(logs)) return;
  const dir = path.join(artifactsDir, 'host', `${label}-logs`);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const { relativePath, contents } of logs) {
    const file = path.join(dir, relativePath);
    if (!file.startsWith(dir + path.sep)) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, contents);
  }
}
