import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './api';

describe('activation', () => {
  it('loads the extension under development from this repository', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed in the host`);
    // out/test/index.js lives in <repo>/out/test, so the repository is two levels up.
    assert.equal(extension.extensionUri.fsPath, path.resolve(__dirname, '../..'));
  });

  it('activates in a workspace that is a git repository, without errors', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    assert.ok(vscode.workspace.workspaceFolders?.length, 'the host opened a workspace folder');
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('contributes the DevOps view container, which opens', async () => {
    // VS Code generates this command for every contributed view container; it fails if the container is unknown.
    await vscode.commands.executeCommand('workbench.view.extension.devops');
  });
});
