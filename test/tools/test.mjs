// `npm test`: everything CI runs, on a machine that may have nothing installed yet.
//   1. npm packages (npm ci when node_modules is missing or stale), Debian packages (as root)
//   2. typecheck and lint
//   3. build: the extension and webview bundles, the integration-test bundles
//   4. unit tests (mocha in Node, against real git, real local servers, a real Alertmanager)
//   5. integration tests inside a real VS Code extension host (code-server, installed once in ~/.cache)
//   6. end-to-end tests: the real workbench in headless Chromium, with screenshots in .test-artifacts/e2e
// Usage: node test/tools/test.mjs [--only unit|integration|e2e]
// Node built-ins only at the top: node_modules may not exist yet.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDebianPackages, ensureHost, ensureNodeModules, root } from './ensure.mjs';
import { run } from './proc.mjs';

const MINUTE = 60_000;
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined;
if (only && !['unit', 'integration', 'e2e'].includes(only)) {
  console.error(`unknown --only ${only}: use unit, integration or e2e`);
  process.exit(2);
}
const wants = (part) => !only || only === part;
const totals = { passed: 0, failed: 0 };
const failures = [];
const SUITE_TIMEOUT = 10 * MINUTE; // Per test suite: a hung host fails the run instead of eating CI's 90 minutes.

async function step(title, fn) {
  const started = Date.now();
  console.log(`\n=== ${title}`);
  try {
    await fn();
    console.log(`=== ${title}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  } catch (error) {
    failures.push(`${title}: ${error.message}`);
    // A step that failed without failing tests of its own (typecheck, build, a suite that crashed) still counts
    // as one failure in the last line, so "0 failed" always means success.
    if (!error.counted) totals.failed += 1;
    console.log(`=== ${title}: FAILED in ${((Date.now() - started) / 1000).toFixed(1)} s: ${error.message}`);
    return false;
  }
}

/** An error for failed tests that are already in the totals. */
function testsFailed(message) {
  return Object.assign(new Error(message), { counted: true });
}

async function mustRun(command, args, timeoutMs, options = {}) {
  const result = await run(command, args, { cwd: root, timeoutMs, ...options });
  if (result.code !== 0) throw new Error(`${[command, ...args].join(' ')} ${result.timedOut ? 'timed out' : `exited ${result.code}`}`);
  return result;
}

/** Adds mocha's closing "N passing / N failing" to the totals; a run that reports nothing counts as a failure. */
function countMocha(kind, output) {
  const last = (pattern) => Number([...output.matchAll(pattern)].at(-1)?.[1] ?? 0);
  const passed = last(/^ {2}(\d+) passing/gm);
  const failed = last(/^ {2}(\d+) failing/gm);
  if (passed + failed === 0) throw new Error(`${kind}: no test ran`);
  totals.passed += passed;
  totals.failed += failed;
  if (failed > 0) throw testsFailed(`${kind}: ${failed} failed`);
}

const npx = (bin) => path.join(root, 'node_modules/.bin', bin);

await step('install: npm packages and Debian packages', async () => {
  await ensureNodeModules();
  await ensureDebianPackages(['chromium', 'libkrb5-dev', 'prometheus-alertmanager', 'prometheus']);
});
if (failures.length) finish();

if (!only) {
  await step('typecheck', () =>
    mustRun(npx('tsc'), ['-p', '.'], 5 * MINUTE).then(() => mustRun(npx('tsc'), ['-p', 'webview'], 5 * MINUTE)),
  );
  await step('lint', () => mustRun(npx('eslint'), ['.'], 5 * MINUTE).then(() => mustRun(npx('prettier'), ['--check', '.'], 5 * MINUTE)));
}

const built = await step('build', async () => {
  await mustRun(process.execPath, ['test/tools/build.mjs'], 5 * MINUTE);
  await mustRun(process.execPath, ['test/tools/build-tests.mjs'], 5 * MINUTE);
});

if (wants('unit')) {
  await step('unit tests', async () => {
    const result = await run(npx('mocha'), ['--import=tsx', '--reporter', 'spec', '--timeout', '30000', 'test/unit/**/*.test.ts'], {
      cwd: root,
      timeoutMs: SUITE_TIMEOUT,
      capture: true,
    });
    if (result.timedOut) throw new Error(`no result after ${SUITE_TIMEOUT / MINUTE} min`);
    countMocha('unit', result.output);
    if (result.code !== 0) throw new Error(`mocha exited ${result.code}`);
  });
}

let hostReady = false;
if (wants('integration') || wants('e2e')) {
  hostReady = await step('VS Code test host', async () => {
    if (!built) throw new Error('not started: the build failed, so the extension cannot be loaded');
    await ensureHost();
  });
}

/** Runs the integration bundles in a host on a fresh demo workspace; `trusted: false` opens it in Restricted Mode. */
async function integrationRun(label, trusted) {
  const { startHost } = await import('./host.mjs');
  const { createDemoWorkspace } = await import('./demo-workspace.mjs');
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), `dfl-${label}-`));
  const workspace = path.join(temp, 'demo');
  createDemoWorkspace(workspace);
  // Restricted Mode opens a repository whose config would run programs through git (restricted.test.ts checks none ran).
  if (!trusted) {
    const { armHostileRepository } = await import('./hostile-demo.mjs');
    armHostileRepository(workspace);
  }
  const host = await startHost({ workspace, extensionPath: root, testsPath: path.join(root, 'out/test/index.js'), label, trusted });
  try {
    const code = await Promise.race([host.exitCode, new Promise((resolve) => setTimeout(() => resolve('timeout'), SUITE_TIMEOUT))]);
    if (code === 'timeout') {
      await host.page.screenshot({ path: path.join(root, `.test-artifacts/host/${label}-timeout.png`) }).catch(() => {});
    }
    const summary = host.lines
      .map((l) => /integration: (\d+) passed, (\d+) failed/.exec(l))
      .filter(Boolean)
      .at(-1);
    if (!summary) {
      throw new Error(code === 'timeout' ? `no result after ${SUITE_TIMEOUT / MINUTE} min` : `the host exited ${code} without a summary`);
    }
    totals.passed += Number(summary[1]);
    totals.failed += Number(summary[2]);
    if (code !== 0) throw testsFailed(`${summary[2]} failed (exit ${code})`);
  } finally {
    await host.stop();
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

if (wants('integration') && hostReady) {
  await step('integration tests (real VS Code extension host)', () => integrationRun('integration', true));
  // The same bundles in an untrusted workspace: index.ts then runs the suites under test/integration/restricted/
  // (unless INTEGRATION_ONLY left none of them out of a quick local run).
  const restricted = JSON.parse(fs.readFileSync(path.join(root, 'out/test/tests-restricted.json'), 'utf8'));
  if (restricted.length > 0) {
    await step('integration tests in Restricted Mode (untrusted workspace)', () => integrationRun('restricted', false));
  }
}

if (wants('e2e') && hostReady) {
  await step('end-to-end tests (workbench in headless Chromium)', async () => {
    const result = await run(npx('mocha'), ['--reporter', 'spec', '--timeout', '300000', 'test/e2e/*.e2e.mjs'], {
      cwd: root,
      timeoutMs: SUITE_TIMEOUT,
      capture: true,
    });
    if (result.timedOut) throw new Error(`no result after ${SUITE_TIMEOUT / MINUTE} min`);
    countMocha('e2e', result.output);
    if (result.code !== 0) throw new Error(`mocha exited ${result.code}`);
  });
}

finish();

function finish() {
  console.log('');
  for (const failure of failures) console.log(`FAILED ${failure}`);
  console.log(`all: ${totals.passed} passed, ${totals.failed} failed`);
  process.exit(failures.length ? 1 : 0);
}
