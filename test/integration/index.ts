// Entry point of the integration tests inside a real VS Code extension host (the `extensionTestsPath` module):
// VS Code calls `run()` after loading the extension under development; resolving means success.
// Bundled by test/tools/build-tests.mjs to out/test/index.js, next to one bundle per `*.test.ts` file (tests.json).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/**
 * The test bundles built next to this file, as listed by test/tools/build-tests.mjs: the Restricted Mode
 * suites when the host opened the workspace untrusted, the others when it trusts it.
 */
function testFiles(dir: string): string[] {
  const listFile = vscode.workspace.isTrusted ? 'tests.json' : 'tests-restricted.json';
  const list = JSON.parse(fs.readFileSync(path.join(dir, listFile), 'utf8')) as string[];
  return list.map((file) => path.join(dir, file));
}

export async function run(): Promise<void> {
  // The host forwards console.log lines to the workbench; format them here so `%s`/`%d` arrive substituted.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'spec', color: false });
  const files = testFiles(__dirname);
  for (const file of files) mocha.addFile(file);

  const stats = await new Promise<{ passed: number; failed: number }>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }));
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  // Read by test/tools/test.mjs to add up the counts of all test kinds.
  console.log(`integration: ${stats.passed} passed, ${stats.failed} failed`);
  if (files.length === 0) throw new Error(`no tests listed in ${path.join(__dirname, 'tests.json')}`);
  if (stats.failed > 0) throw new Error(`${stats.failed} integration test(s) failed`);
}
