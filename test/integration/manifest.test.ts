/**
 * The manifest and the code agree, as the real host sees them: every command `package.json`
 * contributes is registered once the extension is active, and every menu and keybinding names a
 * contributed command (a menu naming a missing command shows nothing, silently).
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension } from './api';

interface Manifest {
  contributes: {
    commands: Array<{ command: string }>;
    menus: Record<string, Array<{ command?: string; submenu?: string }>>;
    keybindings?: Array<{ command: string }>;
    viewsWelcome?: Array<{ contents: string }>;
  };
}

describe('package.json and the registered commands', () => {
  it('registers every contributed command, and menus, keybindings and welcome links name only contributed ones', async () => {
    await activateExtension();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as Manifest;
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = [...contributed].filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], 'contributed commands that no code registers');

    const named = [
      ...Object.entries(manifest.contributes.menus).flatMap(([menu, items]) =>
        items.filter((i) => i.command).map((i) => [menu, i.command!]),
      ),
      ...(manifest.contributes.keybindings ?? []).map((k) => ['keybindings', k.command]),
      // `[Sign in](command:devops.github.signIn)` in the views' welcome content.
      ...(manifest.contributes.viewsWelcome ?? []).flatMap((w) =>
        [...w.contents.matchAll(/\(command:([\w.-]+)/g)].map((m) => ['viewsWelcome', m[1]]),
      ),
    ];
    const unknown = named.filter(([, command]) => !contributed.has(command) && !command.startsWith('workbench.'));
    assert.deepEqual(unknown, [], 'menu entries naming a command the manifest does not contribute');
    assert.ok(named.length > 40, `${named.length} menu entries checked`);
  });
});
