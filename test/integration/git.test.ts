import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { GroupNode } from '../../src/core/phaseTree';
import type { DevOpsApi } from '../../src/extension';
import { activateExtension, waitFor } from './api';
import { ScriptedPrompter } from './scriptedPrompter';

function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test host opens the demo workspace');
  return folder.uri;
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: workspaceRoot().fsPath, encoding: 'utf8' }).trim();
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return lenses.map((l) => l.command?.title ?? '').filter(Boolean);
}

/**
 * Autosave off until the returned undo: this web workbench saves a second after typing stops, and git
 * blames a saved file, which the editing tests below do not test.
 */
async function autoSaveOff(): Promise<() => Thenable<void>> {
  const files = vscode.workspace.getConfiguration('files');
  const autoSave = files.inspect('autoSave')?.globalValue;
  await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  return () => files.update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
}

/** Every git blame started (the extension's and VS Code's) until `stop()`. */
function recordBlames(): { blames: string[][]; stop(): void } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const childProcess = require('node:child_process') as typeof import('node:child_process');
  const spawn = childProcess.spawn;
  const blames: string[][] = [];
  childProcess.spawn = ((command: string, args: readonly string[], options: object) => {
    if (args?.includes('blame')) blames.push([...args]);
    return spawn(command, args, options);
  }) as typeof spawn;
  return { blames, stop: () => void (childProcess.spawn = spawn) };
}

describe('zero-configuration git feedback', function () {
  this.timeout(60_000);
  let api: DevOpsApi;
  let prompter: ScriptedPrompter | undefined;

  before(async () => {
    // Reports are signed with the repository's git identity, as a developer's would be.
    git('config', 'user.name', 'Integration Tester');
    git('config', 'user.email', 'tester@example.com');
    api = await activateExtension();
    await api.git.ready();
    assert.equal(api.git.all().length, 1, 'the demo repository is found');
  });

  afterEach(() => {
    if (prompter) assert.ok(prompter.done, `unanswered questions remain after: ${prompter.asked.join(' / ')}`);
    api.setPrompter(undefined);
    prompter = undefined;
  });

  function answer(...answers: ConstructorParameters<typeof ScriptedPrompter>[0]): void {
    prompter = new ScriptedPrompter(answers);
    api.setPrompter(prompter);
  }

  it('shows releases from tags in the Deploy view and commits in the Timeline', async () => {
    const releases = await waitFor('the Releases group', () =>
      api.views.deploy.getChildren().find((n): n is GroupNode => n.type === 'group' && n.label === 'Releases'),
    );
    assert.deepEqual(
      releases.children.map((c) => c.type === 'signal' && c.signal.title),
      ['v1.1.0', 'v1.0.0'],
    );
    const head = git('rev-parse', 'HEAD');
    assert.ok(api.views.timeline.getChildren().some((n) => n.type === 'signal' && n.signal.anchors.commits?.[0] === head));
  });

  it('reports a deploy through the command: the Deploy view, the status bar and the CodeLens follow', async () => {
    const file = vscode.Uri.joinPath(workspaceRoot(), 'src', 'math.ts');
    await vscode.window.showTextDocument(file);
    const before = await lensTitles(file);
    assert.ok(!before.some((t) => t.includes('live in staging')), `no deploy yet: ${before.join(' | ')}`);

    answer(
      { pick: /^HEAD / },
      { pick: 'staging' },
      { input: 'v1.2.0-rc.1' },
      { pick: 'Succeeded' },
      { input: 'https://ci.example.com/pipelines/42' },
      { input: 'first staging deploy' },
    );
    const report = await vscode.commands.executeCommand<{ id: string; environment: string; commit: string }>('devops.reportDeploy');
    assert.ok(report, 'the command returns the written report');
    assert.equal(report.environment, 'staging');
    assert.equal(report.commit, git('rev-parse', 'HEAD'));

    // The note is really in git, under the team's notes ref.
    const note = git('notes', '--ref', 'devops-feedback', 'show', 'HEAD');
    assert.match(note, /"environment":"staging"/);
    assert.match(note, /"version":"v1.2.0-rc.1"/);

    const staging = await waitFor('the staging environment in the Deploy view', () =>
      api.views.deploy
        .getChildren()
        .find((n): n is GroupNode => n.type === 'group' && n.groupBy === 'environment' && n.label === 'staging'),
    );
    assert.match(staging.description ?? '', /v1.2.0-rc.1 → staging · success/);

    await waitFor('the status bar to say HEAD is live in staging', () => /HEAD live in staging/.test(api.statusBar.text));
    const titles = await waitFor('a CodeLens saying where the code runs', async () => {
      const t = await lensTitles(file);
      return t.some((x) => /live in staging since v1\.2\.0-rc\.1/.test(x)) && t;
    });
    assert.ok(titles.length > 0);
  });

  it('reports an incident on the selected lines: a Problems entry and a gutter-marked range, gone once resolved', async () => {
    const file = vscode.Uri.joinPath(workspaceRoot(), 'src', 'math.ts');
    const editor = await vscode.window.showTextDocument(file);
    editor.selection = new vscode.Selection(4, 0, 6, 1); // lines 5-7: mean()

    answer({ pick: 'critical' }, { input: 'mean() returns NaN for huge inputs' }, { pick: /→ staging$/ });
    const incident = await vscode.commands.executeCommand<{ id: string; file: string; startLine: number; endLine: number }>(
      'devops.reportIncident',
    );
    assert.ok(incident, 'the command returns the written incident');
    assert.deepEqual([incident.file, incident.startLine, incident.endLine], ['src/math.ts', 5, 7]);

    const diagnostics = await waitFor('a Problems entry on src/math.ts', () => {
      const d = vscode.languages.getDiagnostics(file).filter((x) => x.source?.startsWith('DevOps'));
      return d.length > 0 && d;
    });
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostics[0].range.start.line, 4);
    assert.equal(diagnostics[0].source, 'DevOps: incident', "the Problems source is the git service's label for incidents");
    assert.equal(diagnostics[0].range.end.line, 6);
    assert.match(diagnostics[0].message, /Incident \(critical\): mean\(\) returns NaN for huge inputs/);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', file, new vscode.Position(5, 2));
    // Recent VS Code writes the spaces of appendText as &nbsp;.
    const hoverText = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
      .join('\n')
      .replace(/&nbsp;/g, ' ');
    assert.match(hoverText, /mean\\\(\\\) returns NaN/);
    assert.match(hoverText, /live in staging/);

    // The incident follows its code: two lines saved above it move it down; a change inside its lines outdates it.
    const original = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    const save = async (text: string) => {
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
      await api.git.refresh(api.git.repositoryFor(file)!);
    };
    const entryOf = () => vscode.languages.getDiagnostics(file).find((x) => x.source === 'DevOps: incident');
    await save(`// moved\n// down\n${original}`);
    const moved = await waitFor('the Problems entry two lines down', () => entryOf()?.range.start.line === 6 && entryOf());
    assert.deepEqual([moved.range.start.line, moved.range.end.line, moved.severity], [6, 8, vscode.DiagnosticSeverity.Error]);
    const lines = original.split('\n');
    lines[5] = `${lines[5]} // rewritten`;
    await save(lines.join('\n'));
    const outdated = await waitFor('the entry to say it is outdated', () =>
      /outdated/.test(entryOf()?.message ?? '') ? entryOf() : undefined,
    );
    assert.equal(outdated.severity, vscode.DiagnosticSeverity.Information, 'no longer a live error on code that changed');
    await save(original);
    await waitFor(
      'the entry back on its lines',
      () => entryOf()?.range.start.line === 4 && entryOf()?.severity === vscode.DiagnosticSeverity.Error,
    );

    const signalId = api.hub.query({ kind: 'incident' }).find((s) => s.detail?.reportId === incident.id)?.id;
    assert.ok(signalId);
    answer({ input: 'guarded against overflow' });
    await vscode.commands.executeCommand('devops.resolveIncident', signalId);
    await waitFor(
      'the Problems entry to disappear',
      () => vscode.languages.getDiagnostics(file).filter((x) => x.source?.startsWith('DevOps')).length === 0,
    );
    assert.equal(api.hub.get(signalId)?.state.normal, 'resolved');
  });

  it('an unsaved file edited in two places: typed lines are not committed yet, the lines between keep their commits, with no git blame', async () => {
    const file = vscode.Uri.joinPath(workspaceRoot(), 'src', 'math.ts');
    const editor = await vscode.window.showTextDocument(file);
    const saved = await api.lineFeedback.feedbackFor(editor.document);
    assert.ok(saved, 'the saved file has its feedback');
    const lastLine = editor.document.lineCount - 1;
    const commitsBefore = [2, 6, lastLine].map((line) => saved.blockAt(line)?.commit);
    assert.ok(
      commitsBefore.every((c) => c && !/^0+$/.test(c)),
      `committed lines: ${commitsBefore.join(', ')}`,
    );

    const restoreAutoSave = await autoSaveOff();
    const { blames, stop } = recordBlames();
    try {
      await editor.edit((e) => {
        e.insert(new vscode.Position(0, 0), '// typed at the top\n');
        e.insert(new vscode.Position(lastLine - 1, 0), '// typed near the end\n');
      });
      const titlesAt = async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file, 100);
        return new Map(lenses.filter((l) => l.command?.title).map((l) => [l.range.start.line, l.command!.title]));
      };
      const titles = await waitFor('lenses on both typed lines', async () => {
        const t = await titlesAt();
        return t.get(0) === 'not committed yet' && t.get(lastLine) === 'not committed yet' && t;
      });
      assert.match(titles.get(1) ?? '', /live in staging/, 'the first line of the file, moved down by one, still says where it runs');
      const edited = await api.lineFeedback.feedbackFor(editor.document);
      // Line numbers 1-based; the lines below the top insertion moved down by one, those below the second by two.
      assert.deepEqual([edited?.blockAt(3)?.commit, edited?.blockAt(7)?.commit, edited?.blockAt(lastLine + 2)?.commit], commitsBefore);
      assert.deepEqual(blames, [], 'a keystroke ran git blame');
    } finally {
      stop();
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await restoreAutoSave();
    }
    assert.equal(editor.document.isDirty, false);
  });

  it('a save being written: the lenses stay as they are, and no blame of the half-written file starts', async () => {
    const file = vscode.Uri.joinPath(workspaceRoot(), 'src', 'math.ts');
    const editor = await vscode.window.showTextDocument(file);
    const original = fs.readFileSync(file.fsPath, 'utf8');
    const restoreAutoSave = await autoSaveOff();
    let recording: ReturnType<typeof recordBlames> | undefined;
    let participant: vscode.Disposable | undefined;
    try {
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), '// typed, then saved at once\n'));
      const titles = async () =>
        (await api.lineFeedback.provideCodeLenses(editor.document, new vscode.CancellationTokenSource().token)).map(
          (l) => `${l.range.start.line}: ${l.command?.title}`,
        );
      const typed = await waitFor("the typed line's lens", async () => {
        const t = await titles();
        return t.includes('0: not committed yet') && t;
      });
      let duringSave: string[] | undefined;
      // VS Code writes a file in pieces: as a save participant (the write comes after), the file is left
      // half-written, its mtime put back so the save sees no conflict; then a redraw asks for lenses.
      participant = vscode.workspace.onWillSaveTextDocument((e) => {
        if (e.document.uri.toString() !== file.toString()) return;
        e.waitUntil(
          (async () => {
            const { atime, mtime } = fs.statSync(file.fsPath);
            fs.writeFileSync(file.fsPath, original.slice(0, original.length / 2));
            fs.utimesSync(file.fsPath, atime, mtime);
            recording = recordBlames();
            api.lineFeedback.invalidate();
            duringSave = await titles();
            await new Promise((r) => setTimeout(r, 200)); // a blame begun would have started its git by now
            recording.stop();
          })(),
        );
      });
      assert.ok(await editor.document.save(), 'the save succeeds');
      assert.deepEqual(duringSave, typed, 'the lenses while the file was being written');
      assert.deepEqual(recording?.blames, [], 'git blamed the half-written file');
      assert.equal(fs.readFileSync(file.fsPath, 'utf8'), editor.document.getText(), 'VS Code wrote the whole file');
      // Once saved: the saved file's feedback, the typed line still not committed.
      await waitFor("the saved file's lenses", async () => (await titles()).includes('0: not committed yet'));
      const saved = await api.lineFeedback.feedbackFor(editor.document);
      assert.equal(saved?.blockAt(1)?.committed, false);
      assert.equal(saved?.blockAt(2)?.committed, true, 'the first line of the file, moved down, keeps its commit');
    } finally {
      participant?.dispose();
      recording?.stop();
      fs.writeFileSync(file.fsPath, original);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await restoreAutoSave();
    }
    assert.equal(git('status', '--porcelain', '--', 'src/math.ts'), '', 'math.ts as committed again');
  });

  it('generates release notes for the last tag..HEAD, breaking changes first', async () => {
    answer({ pick: 'HEAD' }, { pick: 'Previous tag' });
    const markdown = await vscode.commands.executeCommand<string>('devops.generateReleaseNotes');
    assert.ok(markdown);
    const breaking = markdown.indexOf('## Breaking changes');
    assert.ok(breaking >= 0, markdown);
    assert.ok(breaking < markdown.indexOf('## Features') && breaking < markdown.indexOf('## Bug fixes'), 'breaking changes come first');
    assert.match(markdown, /greet\(name\) is now greet/);
    assert.match(markdown, /#12/);
    assert.ok(!markdown.includes('add sum and mean helpers'), 'commits before v1.1.0 are not in the range');
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.languageId, 'markdown');
    assert.equal(doc?.getText(), markdown);
  });

  it('release notes reach any ref typed in, from an older tag to a commit given by its SHA', async () => {
    const v110 = git('rev-parse', 'v1.1.0^{commit}').trim();
    answer({ pick: /Other ref/ }, { refuse: '--output=/tmp/x' }, { pick: /Other ref/ }, { input: v110 }, { pick: 'v1.0.0' });
    assert.equal(await vscode.commands.executeCommand('devops.generateReleaseNotes'), undefined, 'an option-like ref is refused');
    const markdown = await vscode.commands.executeCommand<string>('devops.generateReleaseNotes');
    assert.match(markdown ?? '', new RegExp(`^# ${v110}`, 'm'), 'titled with the ref typed in');
    assert.match(markdown ?? '', /add retry\(\) with exponential backoff/, 'the commits between v1.0.0 and v1.1.0 are');
    assert.ok(!(markdown ?? '').includes('greet(name) is now greet'), 'commits after v1.1.0 are not in the range');
  });

  it('refuses an invalid new environment name in the input box and writes nothing', async () => {
    const notesBefore = git('notes', '--ref', 'devops-feedback', 'list');
    answer({ pick: /^HEAD / }, { pick: /New environment/ }, { refuse: '../prod' });
    const result = await vscode.commands.executeCommand('devops.reportDeploy');
    assert.equal(result, undefined);
    assert.equal(git('notes', '--ref', 'devops-feedback', 'list'), notesBefore);
  });

  it('picks up a nested repository the built-in git extension finds', async () => {
    const nested = vscode.Uri.joinPath(workspaceRoot(), 'packages', 'nested');
    await vscode.workspace.fs.createDirectory(nested);
    const run = (...args: string[]) =>
      execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'user.name=N', '-c', 'user.email=n@x', ...args], { cwd: nested.fsPath });
    run('init', '-q');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(nested, 'a.txt'), new TextEncoder().encode('a\n'));
    run('add', 'a.txt');
    run('commit', '-q', '-m', 'feat: nested');
    run('tag', 'nested-v1');
    // The built-in git extension scans for repositories when asked (and on its own after a while).
    await vscode.commands.executeCommand('git.refresh').then(undefined, () => undefined);
    await vscode.commands.executeCommand('git.openRepository', nested.fsPath).then(undefined, () => undefined);
    const repo = await waitFor('the nested repository', () => api.git.all().find((r) => r.repo.root === nested.fsPath), 30_000);
    assert.equal(api.git.repositoryFor(vscode.Uri.joinPath(nested, 'a.txt')), repo, 'files resolve to the innermost repository');
    await waitFor('its tag as a release', () =>
      api.hub.query({ kind: 'release', repo: nested.fsPath }).some((s) => s.title === 'nested-v1'),
    );

    // With two repositories, commands ask which one (through the same prompter).
    answer({ pick: 'nested' }, { pick: 'HEAD' }, { pick: 'Previous tag' });
    const notes = await vscode.commands.executeCommand<string>('devops.generateReleaseNotes');
    assert.match(notes ?? '', /nested/);

    // Later suites expect the one demo repository again.
    await vscode.commands.executeCommand('git.close', nested).then(undefined, () => undefined);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'packages'), { recursive: true, useTrash: false });
    await api.git.discover();
    await waitFor('the nested repository to be gone', () => api.git.all().length === 1);
    assert.equal(api.hub.query({ repo: nested.fsPath }).length, 0, 'its signals went with it');
  });
});
