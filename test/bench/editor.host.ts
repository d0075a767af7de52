/**
 * Runs inside the real extension host (as `extensionTestsPath`) on the editor bench repository
 * (editorRepo.ts), opened as the workspace, so the first open is the first of the session: measures
 * how long the feedback next to the code takes to appear, as a user waits for it.
 *
 * - cold: from the editor showing the 15,000-line file right after the host started to the first
 *   CodeLens that says where the code runs (discovery, snapshot, blame and containment included; the
 *   show itself, VS Code's, is `coldShowMs`); a first blame streams, so also until every line on
 *   screen has its block (`coldVisibleMs`) and until the whole file has (`coldWholeMs`). The bench runs it twice per sample: in a fresh profile
 *   (never blamed) and after a restart on the same profile (the blame kept from the first session);
 * - reopened: the same after closing and opening it again;
 * - after an edit: a line typed elsewhere in the file (the buffer is blamed as it is, `--contents`);
 * - hover on a line once the lenses are there;
 * - after a save (the buffer's blame shown while git blames the saved file, continuing the last blame)
 *   and after a commit of a line typed in the editor (the blame continued, not redone);
 * - `git blame --porcelain` of the same file run directly from this process, for the ratio; and the
 *   extension's own blame / containment / assembly times of the cold open (FileFeedbackResult.timings).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DevOpsApi } from '../../src/extension';
import { blameFile } from '../../src/sources/git/blame';

const FILE = 'src/big.test.ts';
/** Where the edits are typed (0-based lines), far apart in the 15,000. */
const EDIT_LINES = [12_000, 3_000, 9_000, 500, 14_000];
/** Where the hovers are asked (0-based lines). */
const HOVER_LINES = [7_500, 100, 3_000, 11_000, 14_500];

function median(samples: readonly number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

/**
 * Polls the extension's CodeLens provider itself until a lens says where the code runs: the time a
 * user waits for our lenses (`vscode.executeCodeLensProvider` would also wait for every other
 * provider of the language, e.g. TypeScript's, whose cost is not ours).
 */
async function lensesUntilLive(api: DevOpsApi, uri: vscode.Uri, started: number): Promise<number> {
  return lensesUntil(api, uri, started, 'saying where the code runs', (lenses) =>
    lenses.some((l) => /live in|not yet in/.test(l.command?.title ?? '')),
  );
}

async function lensesUntil(
  api: DevOpsApi,
  uri: vscode.Uri,
  started: number,
  what: string,
  done: (lenses: vscode.CodeLens[]) => boolean,
): Promise<number> {
  for (;;) {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const lenses = document ? await api.lineFeedback.provideCodeLenses(document, new vscode.CancellationTokenSource().token) : [];
    if (done(lenses)) return performance.now() - started;
    if (performance.now() - started > 120_000) throw new Error(`no CodeLens ${what} after 2 minutes`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Until every line on screen has its block (its lens or its hover): ms since `started`. */
async function visibleLinesBlamed(api: DevOpsApi, started: number): Promise<number> {
  for (;;) {
    const editor = vscode.window.activeTextEditor!;
    const feedback = await api.lineFeedback.latestFeedbackFor(editor.document);
    const visible = editor.visibleRanges.flatMap((r) =>
      Array.from({ length: r.end.line - r.start.line + 1 }, (_, i) => r.start.line + i + 1),
    );
    if (feedback && visible.length > 0 && visible.every((line) => feedback.blockAt(line))) return performance.now() - started;
    if (performance.now() - started > 120_000) throw new Error('the lines on screen had no blame after 2 minutes');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Every git process started from now on (ours, from `bundle`, and VS Code's git extension's), with its
 * time span (the bundle calls the module's `spawn` at each use, so wrapping it here sees them): where the time goes.
 */
function recordGitProcesses(bundle: string): Array<{ command: string; startMs: number; endMs?: number }> {
  const seen: Array<{ command: string; startMs: number; endMs?: number }> = [];
  // The module object itself (an ES import of it is read-only), as the extension's bundle sees it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const childProcess = require('node:child_process') as typeof import('node:child_process');
  const original = childProcess.spawn;
  childProcess.spawn = ((file: string, args: readonly string[], options: import('node:child_process').SpawnOptions) => {
    const child = original(file, args, options);
    if (/git$/.test(file)) {
      // The subcommand (past the global options: `--no-pager`, `-c key=value` pairs), and whose it is:
      // VS Code's own git extension runs git too (status, quick diff, its own blame).
      const subcommand = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '-c') ?? '?';
      const ours = new Error().stack?.includes(bundle) ?? false;
      const entry: { command: string; startMs: number; endMs?: number } = {
        command: ours ? subcommand : `${subcommand} (VS Code's)`,
        startMs: performance.now(),
      };
      seen.push(entry);
      child.once('exit', () => (entry.endMs = performance.now()));
    }
    return child;
  }) as typeof original;
  return seen;
}

function summary(
  processes: ReturnType<typeof recordGitProcesses>,
  from: number,
  to: number,
): Record<string, { count: number; ms: number }> {
  const out: Record<string, { count: number; ms: number }> = {};
  for (const p of processes) {
    if (p.startMs < from || p.startMs > to) continue;
    const key = p.command;
    out[key] ??= { count: 0, ms: 0 };
    out[key].count++;
    out[key].ms += Math.round((p.endMs ?? to) - p.startMs);
  }
  return out;
}

/**
 * With BENCH_PROFILE=<dir>: a CPU profile of this extension host from now to the stop (`<name>-<pid>.cpuprofile`,
 * for DevTools), to see what holds the host's one thread while lenses wait: the cold open, the edits, the save, the commit.
 */
function profile(name: string): () => Promise<void> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return async () => undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const inspector = require('node:inspector') as typeof import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))));
  const started = post('Profiler.enable')
    .then(() => post('Profiler.setSamplingInterval', { interval: 500 }))
    .then(() => post('Profiler.start'));
  return async () => {
    await started;
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('node:fs') as typeof import('node:fs')).writeFileSync(
      path.join(dir, `${name}-${process.pid}.cpuprofile`),
      JSON.stringify(profile),
    );
    session.disconnect();
  };
}

export async function run(): Promise<void> {
  const stopProfile = profile('cold-open');
  const processes = recordGitProcesses(
    path.join(vscode.extensions.getExtension('devops-feedback-loop.devops-feedback-loop')!.extensionPath, 'dist', 'extension.js'),
  );
  const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const uri = vscode.Uri.file(path.join(root, FILE));

  let started = performance.now();
  const extension = vscode.extensions.getExtension<DevOpsApi>('devops-feedback-loop.devops-feedback-loop')!;
  const api = extension.isActive ? extension.exports : await extension.activate();
  // When the workbench tells the extension host of the file (ms from the start): a blame can start from then.
  const opening: string[] = [];
  const openStarted = started;
  const mark = (what: string) => opening.push(`${what} ${Math.round(performance.now() - openStarted)}`);
  const openWatchers = [
    vscode.workspace.onDidOpenTextDocument((d) => d.uri.toString() === uri.toString() && mark('document opened')),
    vscode.window.tabGroups.onDidChangeTabs((e) =>
      e.opened.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString())
        ? mark('tab opened')
        : undefined,
    ),
  ];
  const watchFeedback = () => {
    const known = api.git.repositoryFor(uri);
    if (!known || opening.some((m) => m.startsWith('repository known'))) return;
    mark('repository known');
    const feedback = known.feedback;
    const prepare = feedback.prepare.bind(feedback);
    feedback.prepare = (request) => (mark('blame prepared'), prepare(request));
    const forFile = feedback.forFile.bind(feedback);
    feedback.forFile = (request) => (opening.length < 20 && mark('feedback asked'), forFile(request));
  };
  // (The extension's own listener runs first: when its blame starts shows in the git processes' timeline.)
  openWatchers.push(api.git.onDidChangeRepositories(watchFeedback));
  watchFeedback();
  await vscode.window.showTextDocument(uri);
  mark('shown');
  for (const w of openWatchers) w.dispose();
  const coldShowMs = performance.now() - started;
  // From the editor showing the file, as for the reopen (VS Code's own time to show it is `coldShowMs`).
  const shownAt = performance.now();
  // When the extension knows the file's repository (discovery), from the show: lenses cannot come before.
  let discoveredMs = NaN;
  void (async () => {
    while (!api.git.repositoryFor(uri) && performance.now() - shownAt < 120_000) await new Promise((r) => setTimeout(r, 2));
    discoveredMs = performance.now() - shownAt;
  })();
  // What each redraw of the cold open offered (ms from the show): where the first lenses wait.
  const lensEvents: string[] = [];
  const watching = api.lineFeedback.onDidChangeCodeLenses(async () => {
    const at = Math.round(performance.now() - shownAt);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const feedback = document && (await api.lineFeedback.latestFeedbackFor(document));
    const where = feedback?.blocks.filter((b) => /live in|not yet in/.test(b.text)).length ?? 0;
    const deploys = api.hub.query({ kind: 'deployment' }).length;
    lensEvents.push(
      `${at}${feedback ? ` ${feedback.complete ? 'whole' : 'partial'} ${feedback.blocks.length} blocks (${where} where)` : ' none'}, ${deploys} deploys in the hub`,
    );
  });
  const coldMs = await lensesUntilLive(api, uri, shownAt);
  // A first blame streams: the first lenses are the newest commits' lines; then every line on screen, then the file.
  const coldVisibleMs = await visibleLinesBlamed(api, shownAt);
  await api.lineFeedback.feedbackFor(vscode.window.activeTextEditor!.document);
  const coldWholeMs = performance.now() - shownAt;
  watching.dispose();
  await stopProfile();
  const coldGit = summary(processes, started, started + coldShowMs + coldMs);
  const coldStarted = started;
  const coldTimeline = processes
    .filter((p) => p.startMs >= coldStarted && p.startMs <= coldStarted + coldShowMs + coldMs)
    .map(
      (p) =>
        `${p.command} ${Math.round(p.startMs - coldStarted)}–${Math.round((p.endMs ?? coldStarted + coldShowMs + coldMs) - coldStarted)}`,
    );
  const document = vscode.window.activeTextEditor!.document;
  const cold = await api.lineFeedback.feedbackFor(document);
  // The provider alone, answered from what the cold open computed.
  let t = performance.now();
  await api.lineFeedback.provideCodeLenses(document, new vscode.CancellationTokenSource().token);
  const providerMs = performance.now() - t;

  // Hovers over lines across the file: the median (one is at the mercy of what the window does then).
  const hoverSamples: number[] = [];
  for (const line of HOVER_LINES) {
    started = performance.now();
    const hover = await api.lineFeedback.provideHover(document, new vscode.Position(line, 4), new vscode.CancellationTokenSource().token);
    hoverSamples.push(performance.now() - started);
    if (!hover) throw new Error(`no hover on line ${line + 1}`);
  }
  const hoverMs = median(hoverSamples);
  // What VS Code shows: the lenses through the workbench's own request, every provider included.
  const shown = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 0);
  if (!shown.some((l) => /live in|not yet in/.test(l.command?.title ?? '')))
    throw new Error('the workbench shows no lens saying where the code runs');

  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  started = performance.now();
  await vscode.window.showTextDocument(uri);
  const reopenShowMs = performance.now() - started;
  // From the editor showing the file (VS Code's own open time is `reopenShowMs`).
  const reopenMs = await lensesUntilLive(api, uri, performance.now());
  t = performance.now();
  await api.lineFeedback.feedbackFor(vscode.window.activeTextEditor!.document);
  const reopenFeedbackMs = performance.now() - t;
  const reopenGit = summary(processes, started, performance.now());

  // Edits at places far apart, a typing pause between them (one edit's lens time is at the mercy of
  // whatever else the window does then, e.g. the TypeScript server checking the 15,000 lines): the median.
  const editor = vscode.window.activeTextEditor!;
  const stopEditProfile = profile('edits');
  started = performance.now();
  const editSamples: number[] = [];
  const editApplySamples: number[] = [];
  /** Each edit's feedback: blame / containment / assembly ms (FileFeedbackResult.timings). */
  const editTimings: string[] = [];
  for (const line of EDIT_LINES) {
    const t0 = performance.now();
    await editor.edit((e) => e.insert(new vscode.Position(line, 0), '  // a note typed here\n'));
    editApplySamples.push(performance.now() - t0);
    // From the edit being in the document (VS Code's own time to apply it is `editApplyMs`).
    editSamples.push(await lensesUntilLive(api, uri, performance.now()));
    const timings = (await api.lineFeedback.feedbackFor(editor.document))?.timings;
    editTimings.push(timings ? Object.values(timings).map(Math.round).join('/') : 'none');
    await new Promise((r) => setTimeout(r, 300));
  }
  await stopEditProfile();
  const editMs = median(editSamples);
  const editApplyMs = median(editApplySamples);
  const editGit = summary(processes, started, performance.now());

  // `git blame --porcelain` run directly and the extension's own blame through its runner, taken in
  // turns so both meet the same load (the window keeps working after the edit).
  const repository = api.git.repositoryFor(uri)!;
  const onDisk = readFileSync(path.join(root, FILE), 'utf8').split('\n').length;
  if (onDisk < 15_000)
    throw new Error(`${FILE} has ${onDisk} lines on disk, not the bench's 15,000: the blame times would be of another file`);
  const blameSamples: number[] = [];
  const hostSamples: number[] = [];
  for (let i = 0; i < 3; i++) {
    let t0 = performance.now();
    try {
      execFileSync('git', ['blame', '--porcelain', '--', FILE], { cwd: root, maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      throw new Error(`git blame run directly failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
    }
    blameSamples.push(performance.now() - t0);
    t0 = performance.now();
    await blameFile(repository.feedback.repo, FILE);
    hostSamples.push(performance.now() - t0);
  }
  const directBlameMs = blameSamples.sort((a, b) => a - b)[1];
  const hostBlameMs = hostSamples.sort((a, b) => a - b)[1];
  await vscode.commands.executeCommand('workbench.action.files.revert');

  // A line typed and saved, then committed (the bench's editorRepo() puts the branch back): the blame of
  // each continues from the last one (git blames the working tree, then the new commit, not the file's history).
  const typed = 100;
  await editor.edit((e) => e.insert(new vscode.Position(typed - 1, 0), '  // typed, saved, committed\n'));
  const stopSaveProfile = profile('save');
  await editor.document.save();
  api.lineFeedback.invalidate(); // what the save event does, so the compute timed here is the saved file's
  // The lenses of the saved file (the buffer's blame stands until git's), then git's blame of it.
  const saveLensMs = await lensesUntilLive(api, uri, performance.now());
  const savePreviewed = (await api.lineFeedback.latestFeedbackFor(editor.document))?.complete === false;
  const saved = await api.lineFeedback.feedbackFor(editor.document);
  const savedBlameMs = saved?.timings.blameMs ?? NaN;
  const identity = ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com'];
  const commit = ['commit', '--quiet', '--no-verify', '-am', 'bench: a line committed in the editor'];
  const typedLens = async () =>
    (await api.lineFeedback.provideCodeLenses(editor.document, new vscode.CancellationTokenSource().token)).find(
      (l) => l.range.start.line === typed - 1,
    )?.command?.title;
  const beforeCommit = await typedLens();
  if (beforeCommit !== 'not committed yet')
    throw new Error(`the line typed and saved has the lens "${beforeCommit}", not "not committed yet"`);
  await stopSaveProfile();
  const stopCommitProfile = profile('commit');
  execFileSync('git', ['-c', 'core.hooksPath=/dev/null', ...identity, ...commit], { cwd: root, stdio: 'ignore' });
  started = performance.now();
  const commitMs = await lensesUntil(api, uri, started, 'on the committed line saying it is not deployed', (lenses) =>
    lenses.some((l) => l.range.start.line === typed - 1 && /not yet in/.test(l.command?.title ?? '')),
  );
  const committed = await api.lineFeedback.feedbackFor(editor.document);
  const commitGit = summary(processes, started, performance.now());
  await stopCommitProfile();

  console.log(
    `BENCH ${JSON.stringify({ coldMs, coldVisibleMs, coldWholeMs, reopenMs, editMs, editSamples: editSamples.map(Math.round), hoverMs, hoverSamples: hoverSamples.map(Math.round), directBlameMs, hostBlameMs, savedBlameMs, saveLensMs, savePreviewed, commitMs, timings: cold?.timings ?? null, editTimings, commitTimings: committed?.timings ?? null, coldTimeline, lensEvents, opening, steps: { coldShowMs, discoveredMs, providerMs, reopenShowMs, reopenFeedbackMs, editApplyMs }, git: { cold: coldGit, reopen: reopenGit, edit: editGit, commit: commitGit } })}`,
  );
}
