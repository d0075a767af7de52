/**
 * Runs inside the real extension host (as `extensionTestsPath`): measures how long activating the
 * extension takes, module load included, in a workspace without git (so nothing activated it before).
 */
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension('devops-feedback-loop.devops-feedback-loop');
  if (!extension) throw new Error('extension under development not loaded');
  const activeBefore = extension.isActive;
  const start = performance.now();
  await extension.activate();
  const ms = performance.now() - start;
  console.log(`BENCH ${JSON.stringify({ activationMs: ms, activeBefore, vscode: vscode.version, appHost: vscode.env.appHost })}`);
}
