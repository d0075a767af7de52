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
    views: Record<string, Array<{ id: string }>>;
    walkthroughs?: Array<{ steps: Array<{ id: string; description: string; media: { markdown?: string }; completionEvents?: string[] }> }>;
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

  it('walkthrough steps link only to contributed commands and views, and their media files exist', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const manifest = extension.packageJSON as Manifest;
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    const views = new Set(Object.values(manifest.contributes.views).flatMap((list) => list.map((v) => v.id)));
    const steps = (manifest.contributes.walkthroughs ?? []).flatMap((w) => w.steps);
    assert.ok(steps.length >= 5, 'the journal, a deploy, a forge, a monitor and a tracker');
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const step of steps) {
      for (const [, command] of step.description.matchAll(/\(command:([\w.-]+)/g)) {
        const ok =
          contributed.has(command) ||
          (command.endsWith('.focus') && views.has(command.slice(0, -'.focus'.length))) ||
          command.startsWith('workbench.');
        assert.ok(ok && registered.has(command), `${step.id} links to ${command}, which does not exist`);
      }
      for (const event of step.completionEvents ?? []) {
        const [kind, name] = event.split(':');
        if (kind === 'onCommand') assert.ok(contributed.has(name), `${step.id} completes on an unknown command ${name}`);
        if (kind === 'onView') assert.ok(views.has(name), `${step.id} completes on an unknown view ${name}`);
      }
      const media = step.media.markdown;
      assert.ok(media, `${step.id} has a markdown page`);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, media)));
      assert.match(text, /^# /, `${media} starts with a title`);
    }
  });
});
