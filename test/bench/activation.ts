/**
 * Runs inside the real extension host (as `extensionTestsPath`), in a workspace without git so nothing
 * activated the extension before. Measures what activation costs: loading the bundle (`require` of the
 * same file, as the host does), the `activate()` call itself (timed by the extension), and activation
 * as a caller sees it (which adds the host's own work: context, storage, secrets).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<{ activationMs: number; activationSteps: Record<string, number> }>(
    'devops-feedback-loop.devops-feedback-loop',
  );
  if (!extension) throw new Error('extension under development not loaded');
  const activeBefore = extension.isActive;
  // The bundle loaded as the host loads it (Node's require), then dropped from the cache so the
  // host's own activation below loads it again and is timed whole.
  const bundle = path.join(extension.extensionPath, 'dist', 'extension.js');
  const loadStart = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(bundle);
  const loadMs = performance.now() - loadStart;
  delete require.cache[require.resolve(bundle)];
  const start = performance.now();
  const api = await extension.activate();
  const totalMs = performance.now() - start;
  console.log(
    `BENCH ${JSON.stringify({ totalMs, loadMs, activateMs: api.activationMs, steps: api.activationSteps, activeBefore, vscode: vscode.version })}`,
  );
}
