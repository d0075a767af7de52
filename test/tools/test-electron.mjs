// `npm run test:electron`: the same integration suite in desktop VS Code through @vscode/test-electron, for
// machines that can download VS Code (a developer's laptop). CI here uses the code-server host instead (npm test).
// Needs a display (or xvfb-run) on Linux.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDemoWorkspace } from './demo-workspace.mjs';
import { ensureNodeModules, root } from './ensure.mjs';
import { run } from './proc.mjs';

await ensureNodeModules();
for (const script of ['test/tools/build.mjs', 'test/tools/build-tests.mjs']) {
  const { code } = await run(process.execPath, [script], { cwd: root, timeoutMs: 5 * 60_000 });
  if (code !== 0) process.exit(code);
}
const { runTests } = await import('@vscode/test-electron');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'dfl-electron-'));
const workspace = path.join(temp, 'demo');
createDemoWorkspace(workspace);
const engine = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).engines.vscode.replace(/^\^/, '');
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    // Downloads go to the user's cache, not to a new folder in the repository.
    cachePath: path.join(os.homedir(), '.cache', 'devops-feedback-loop-vscode-test'),
    timeout: 60_000, // Idle download timeout: fail clearly when VS Code's servers cannot be reached.
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/test/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
  });
  console.log(`integration suite passed in desktop VS Code (engine ${engine} or newer)`);
} catch (error) {
  console.error(`test:electron failed: ${error instanceof Error ? error.message : error}`);
  console.error('It downloads VS Code from the internet; on machines without it use `npm test` (code-server host).');
  process.exitCode = 1;
} finally {
  fs.rmSync(temp, { recursive: true, force: true });
}
