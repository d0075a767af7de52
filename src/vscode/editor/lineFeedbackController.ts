import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { SignalHub } from '../../core/hub';
import { oneLine, relativeTime, shortSha } from '../../core/format';
import { BlockLens, LineMark, describeEnvironments } from '../../core/lineFeedback';
import { frameContextAt } from '../../core/monitorProblems';
import { findingOf } from '../../core/finding';
import type { PlacedFinding } from '../../core/findingProblems';
import { findReferences, type Reference } from '../../core/releaseNotes';
import type { Signal } from '../../core/signal';
import { FileFeedbackResult } from '../../sources/git';
import { GitWorkspace, WorkspaceRepository } from '../git/gitWorkspace';
import type { IncidentLines } from './incidentLines';

const KINDS_NEXT_TO_CODE = ['incident', 'alert', 'error'] as const;
/** How long after activation documents opened are taken for restored editors (see `startingUp`). */
const STARTUP_MS = 10_000;
/** Tracker keys of a blamed commit's subject shown in the hover; and how long a service may take to title one not in the hub. */
const MAX_HOVER_KEYS = 3;
const TITLE_WAIT_MS = 1500;
/** A save that fails raises no did-save event: feedback starts again after this long anyway. */
const SAVE_GIVEN_UP_MS = 5000;

/** Titles of tracker references a service knows (release notes' `resolveReferences`), for keys not in the hub. */
export type ReferenceTitles = (r: WorkspaceRepository, references: readonly Reference[]) => Promise<ReadonlyMap<string, { title: string }>>;

/** Where the findings of a file are now (editor/findingsController), and when that changes. */
export interface FindingPlacements {
  placedIn(r: WorkspaceRepository, path: string): PlacedFinding[];
  readonly onDidChange: vscode.Event<void>;
}

interface CachedFeedback {
  key: string;
  result: Promise<FileFeedbackResult | undefined>;
  settled: boolean;
  /** What a first blame under way has attributed so far (the newest commits' lines), until `result` settles. */
  partial?: FileFeedbackResult;
  /** The first partial or the result, whichever comes first: what a lens request waits for. */
  firstView: Promise<FileFeedbackResult | undefined>;
  /** Settles `firstView`. */
  showFirst: (view: FileFeedbackResult | undefined) => void;
  /**
   * Stops the work once nobody can want it (a newer version or generation took its place, or the
   * document closed); not a lens request's cancellation, as every request for this version shares it.
   */
  abandon: AbortController;
}

/**
 * Feedback next to the code: a CodeLens over each changed block saying where it runs,
 * a hover with the commit, its deploys and the incidents on those lines, and gutter marks for lines
 * that open incidents, alerts or errors point at. Blame and ancestry are computed once per document
 * version, HEAD and hub change; files outside a repository cost nothing.
 */
export class LineFeedbackController implements vscode.CodeLensProvider, vscode.HoverProvider, vscode.Disposable {
  private readonly lensEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensEmitter.event;
  private readonly cache = new Map<string, CachedFeedback>();
  /** Titles of tracker keys a service resolved, per key (kept for the window's life; a key names one issue). */
  private readonly titleCache = new Map<string, Promise<string | undefined>>();
  private generation = 0;
  private readonly gutter: vscode.TextEditorDecorationType;
  /** What CI and tools said (core/finding): its own mark, so a lint warning does not look like an incident. */
  private readonly findingGutter: vscode.TextEditorDecorationType;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly git: GitWorkspace,
    private readonly hub: SignalHub,
    private readonly log: vscode.LogOutputChannel,
    extensionUri: vscode.Uri,
    /** The words of a link to a signal's page ("Open in …", from its service). */
    private readonly openLabel: (signal: Signal) => string,
    private readonly findings?: FindingPlacements,
    /** Incidents at their lines now (editor/incidentLines). */
    private readonly incidents?: Pick<IncidentLines, 'place' | 'onDidChange'>,
    private readonly referenceTitles?: ReferenceTitles,
  ) {
    this.gutter = vscode.window.createTextEditorDecorationType({
      gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'open-issue-gutter.svg'),
      gutterIconSize: '75%',
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.errorForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    });
    this.findingGutter = vscode.window.createTextEditorDecorationType({
      gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'finding-gutter.svg'),
      gutterIconSize: '75%',
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.warningForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    });
    this.disposables.push(
      this.lensEmitter,
      this.gutter,
      this.findingGutter,
      vscode.languages.registerCodeLensProvider({ scheme: 'file' }, this),
      vscode.languages.registerHoverProvider({ scheme: 'file' }, this),
      git.onDidMoveHead(() => this.invalidate()),
      // A refresh (a fetch, a new ref) may bring commits deploys named that this clone lacked: asked again.
      // The deploys and signals it reads come as hub changes; HEAD moving is its own event.
      git.onDidRefresh((r) => {
        if (r.feedback.cache.forgetUnknown() > 0) this.invalidate();
      }),
      hub.onDidChange((c) => {
        if ([...c.added, ...c.updated, ...c.removed].some((s) => s.kind === 'deployment' || s.anchors.files?.length)) this.invalidate();
      }),
      vscode.workspace.onWillSaveTextDocument((e) => this.savingStarted(e.document.uri.toString())),
      vscode.workspace.onDidSaveTextDocument((d) => this.savingEnded(d.uri.toString())),
      { dispose: () => this.saving.forEach((timer) => clearTimeout(timer)) },
      ...(findings ? [findings.onDidChange(() => this.invalidate())] : []),
      ...(incidents ? [incidents.onDidChange(() => this.invalidate())] : []),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cache.get(d.uri.toString())?.abandon.abort();
        this.cache.delete(d.uri.toString());
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => void this.decorateVisible()),
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        if (e.opened.length > 0) this.startingUp = false;
        for (const tab of e.opened) if (tab.input instanceof vscode.TabInputText) this.prepare(tab.input.uri);
      }),
      // At start the workbench hands the host a restored editor's document seconds before its tab.
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (this.startingUp && d.uri.scheme === 'file') this.prepare((this.openedAtStart = d.uri));
      }),
      git.onDidChangeRepositories(() => {
        this.invalidate(); // a repository came or went, or its identities (remotes) changed: which signals are its
        this.prepareOpenEditors(); // the editors restored at start, once their repository is known
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('devops.editor')) this.invalidate();
      }),
    );
    const startup = setTimeout(() => (this.startingUp = false), STARTUP_MS);
    this.disposables.push({ dispose: () => clearTimeout(startup) });
    this.openedAtStart = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').pop()?.uri;
    this.prepareOpenEditors();
  }

  /** Until the first tab opens (or STARTUP_MS): documents opened then are the restored editors'. */
  private startingUp = true;
  /** The last document opened while starting up, prepared once its repository is known. */
  private openedAtStart: vscode.Uri | undefined;

  /**
   * Starts a file's feedback (or, before its document is in the host, its blame) as its editor opens,
   * before VS Code shows it and asks for lenses (seconds at start): the files of tabs opened, the active tab of each group, and while starting up the last
   * document opened (its tab comes later). Not every document opened after that: extensions open
   * documents they never show.
   */
  private prepareOpenEditors(): void {
    for (const group of vscode.window.tabGroups.all)
      if (group.activeTab?.input instanceof vscode.TabInputText) this.prepare(group.activeTab.input.uri);
    if (this.openedAtStart) this.prepare(this.openedAtStart);
  }

  private prepare(uri: vscode.Uri): void {
    const r = this.git.repositoryFor(uri);
    if (!r || !vscode.workspace.getConfiguration('devops.editor').get<boolean>('codeLens', true)) return;
    if (uri.toString() === this.openedAtStart?.toString()) this.openedAtStart = undefined;
    // The document already in the host: its whole feedback, which the first lens request then finds made.
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (document) {
      void this.entryFor(document);
      return;
    }
    const path = this.git.relativePath(r, uri);
    void fs.promises.stat(uri.fsPath).then(
      (stat) =>
        stat.isFile() &&
        r.feedback.prepare({
          path,
          stamp: stampOf(stat),
          head: this.git.headOf(r),
          deployments: this.hub.query({ kind: 'deployment', repo: this.git.identitiesOf(r) }),
        }),
      () => undefined,
    );
  }

  /** Blame, containment and marks for a document, complete; shared by lenses, hovers and decorations. */
  feedbackFor(document: vscode.TextDocument): Promise<FileFeedbackResult | undefined> {
    return this.entryFor(document)?.result ?? Promise.resolve(undefined);
  }

  /**
   * The newest feedback there is: while a file is blamed for the first time, what git has attributed
   * so far (lenses for the most recent commits' lines within a few hundred ms; the oldest lines get theirs
   * when the blame ends, and the lenses are asked for again then).
   */
  latestFeedbackFor(document: vscode.TextDocument): Promise<FileFeedbackResult | undefined> {
    const entry = this.entryFor(document);
    if (!entry) return Promise.resolve(undefined);
    if (entry.settled || !entry.partial) return entry.settled ? entry.result : entry.firstView;
    return Promise.resolve(entry.partial);
  }

  private entryFor(document: vscode.TextDocument): CachedFeedback | undefined {
    const r = this.git.repositoryFor(document.uri);
    if (!r) return undefined;
    const uri = document.uri.toString();
    const version = `${document.version}/`;
    const key = `${version}${this.generation}`;
    const cached = this.cache.get(uri);
    if (cached?.key === key || (cached && this.saving.has(uri))) return cached;
    cached?.abandon.abort();
    // A hub change during a first blame (sources loading at start) must not hide what is known so far.
    const sameText = (other: CachedFeedback | undefined) => other !== undefined && !other.settled && other.key.startsWith(version);
    let showFirst: (view: FileFeedbackResult | undefined) => void = () => undefined;
    const firstView = new Promise<FileFeedbackResult | undefined>((resolve) => (showFirst = resolve));
    const entry: CachedFeedback = {
      key,
      result: Promise.resolve(undefined),
      settled: false,
      firstView,
      showFirst,
      abandon: new AbortController(),
      partial: sameText(cached) ? cached?.partial : undefined,
    };
    entry.result = this.compute(r, document, entry.abandon.signal, (partial) => {
      // Also a replaced request's report, while the one that replaced it has none of its own yet.
      const current = this.cache.get(uri);
      if (!current || !sameText(current) || (current !== entry && current.partial && current.partial.hunks.length >= partial.hunks.length))
        return;
      current.partial = partial;
      current.showFirst(partial);
      this.lensEmitter.fire();
    });
    this.cache.set(uri, entry);
    void entry.result.then((result) => {
      entry.settled = true;
      showFirst(result);
      if (entry.partial && this.cache.get(uri) === entry) this.lensEmitter.fire(); // the oldest lines' lenses
      entry.partial = undefined;
      if (!result && this.cache.get(uri) === entry) this.cache.delete(uri); // asked again next time
    });
    return entry;
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.getConfiguration('devops.editor').get<boolean>('codeLens', true)) return [];
    const feedback = await this.latestFeedbackFor(document);
    if (!feedback || token.isCancellationRequested) return [];
    const lenses: vscode.CodeLens[] = [];
    let previousText = '';
    for (const block of feedback.blocks) {
      // Adjacent blocks that run in the same places say it once.
      if (!block.text || (block.text === previousText && block.openSignals === 0)) continue;
      previousText = block.text;
      const range = new vscode.Range(block.startLine - 1, 0, block.startLine - 1, 0);
      lenses.push(new vscode.CodeLens(range, lensCommand(block)));
    }
    return lenses;
  }

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    const line = position.line + 1;
    let feedback = await this.latestFeedbackFor(document);
    // A line git has not attributed yet waits for the rest of the blame.
    if (feedback && !feedback.complete && !feedback.blockAt(line)) feedback = await this.feedbackFor(document);
    if (!feedback || token.isCancellationRequested) return undefined;
    const block = feedback.blockAt(line);
    const marks = feedback.marksAt(line);
    if (!block && marks.length === 0) return undefined;
    const markdown = this.hoverMarkdown(block, marks);
    const r = this.git.repositoryFor(document.uri);
    if (r && block?.committed) await this.appendIssueKeys(markdown, r, block.summary);
    if (r) this.appendFrameContexts(markdown, marks, this.git.relativePath(r, document.uri), document.languageId);
    return new vscode.Hover(markdown);
  }

  /**
   * Documents VS Code is writing, each with its give-up timer. It writes a file in pieces: a blame begun
   * then (typing, then saving at once) would be of a half-written file, and would stand as the saved
   * version the next edits are compared with. Their lenses stay as they are until the save ends.
   */
  private readonly saving = new Map<string, ReturnType<typeof setTimeout>>();

  private savingStarted(uri: string): void {
    clearTimeout(this.saving.get(uri));
    this.saving.set(
      uri,
      setTimeout(() => this.savingEnded(uri), SAVE_GIVEN_UP_MS),
    );
  }

  /** Saved (or given up on): every answer is asked again, the saved file's now. */
  private savingEnded(uri: string): void {
    clearTimeout(this.saving.get(uri));
    this.saving.delete(uri);
    this.invalidate();
  }

  /** Drops every cached answer (HEAD moved, a report arrived, a file was saved) and redraws. */
  invalidate(): void {
    this.generation++;
    this.lensEmitter.fire();
    void this.decorateVisible();
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private async compute(
    r: WorkspaceRepository,
    document: vscode.TextDocument,
    abandoned: AbortSignal,
    onProgress: (partial: FileFeedbackResult) => void,
  ): Promise<FileFeedbackResult | undefined> {
    const path = this.git.relativePath(r, document.uri);
    try {
      // The file system directly (a file: document of this host): workspace.fs is an IPC round trip, slow while the window is busy.
      const stat = await fs.promises.stat(document.uri.fsPath).then(undefined, () => undefined);
      return await r.feedback.forFile({
        path,
        contents: document.isDirty ? document.getText() : undefined,
        stamp: stat && stampOf(stat),
        head: this.git.headOf(r),
        lineCount: document.lineCount,
        signals: this.signalsAbout(r, path),
        identities: this.git.identitiesOf(r),
        deployments: this.hub.query({ kind: 'deployment', repo: this.git.identitiesOf(r) }),
        signal: abandoned,
        onProgress,
      });
    } catch (err) {
      // Untracked files and cancelled requests are ordinary; anything else goes to the log.
      const message = err instanceof Error ? err.message : String(err);
      if (!abandoned.aborted && !/no such path|not in|untracked|does not exist/i.test(message)) {
        this.log.warn(`Feedback for ${path}: ${message}`);
      }
      return undefined;
    }
  }

  /**
   * What points at a file: the hub's signals, findings at their relocated lines instead of the lines of
   * the commit the tool looked at (outdated ones and those of other commits are left out).
   */
  private signalsAbout(r: WorkspaceRepository, path: string): Signal[] {
    const signals: Signal[] = [];
    for (const reported of this.hub.query({ file: path })) {
      if (reported.kind === 'finding') continue;
      const placed = this.incidents?.place(reported) ?? { signal: reported, outdated: false };
      if (!placed.outdated) signals.push(placed.signal); // an outdated incident's lines are gone: no mark on other code
    }
    for (const p of this.findings?.placedIn(r, path) ?? []) {
      const signal = this.hub.get(p.signalId);
      if (signal) signals.push({ ...signal, anchors: { ...signal.anchors, files: [{ path, line: p.line, endLine: p.endLine }] } });
    }
    return signals;
  }

  private async decorateVisible(): Promise<void> {
    const enabled = vscode.workspace.getConfiguration('devops.editor').get<boolean>('gutterMarks', true);
    await Promise.all(
      vscode.window.visibleTextEditors.map(async (editor) => {
        const feedback = enabled ? await this.feedbackFor(editor.document) : undefined;
        const open = (feedback?.marks ?? []).filter((m) => m.open);
        const ranges = (kinds: readonly string[]) =>
          open.filter((m) => kinds.includes(m.kind)).map((m) => ({ range: new vscode.Range(m.startLine - 1, 0, m.endLine - 1, 0) }));
        editor.setDecorations(this.gutter, ranges(KINDS_NEXT_TO_CODE));
        editor.setDecorations(this.findingGutter, ranges(['finding']));
      }),
    );
  }

  /** Production errors also show the frame's source lines as the event captured them, and a link out. */
  private appendFrameContexts(md: vscode.MarkdownString, marks: readonly LineMark[], path: string, languageId: string): void {
    for (const mark of marks) {
      const signal = mark.kind === 'error' ? this.hub.get(mark.signalId) : undefined;
      const context = signal && frameContextAt(signal, path, mark.startLine);
      if (!signal || !context) continue;
      md.appendMarkdown('\n\n');
      md.appendText(`${context.function ? `in ${oneLine(context.function, 80)} ` : ''}as deployed (from the latest event):`);
      md.appendCodeblock(
        context.lines.map(([n, text]) => `${String(n).padStart(5)}${n === mark.startLine ? ' >' : '  '} ${codeLine(text)}`).join('\n'),
        languageId,
      );
      if (signal.url && /^https?:\/\//i.test(signal.url)) {
        md.appendMarkdown(
          `[${escapeLinkText(this.openLabel(signal))}](${new URL(signal.url).href.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)})`,
        );
      }
    }
  }

  /**
   * The tracker issues the blamed commit's subject names (`PROJ-7`): summary and status from the hub
   * when a Plan source reported it (signals tagged `issuekey:PROJ-7`), else the title a service resolves,
   * waited for briefly.
   */
  private async appendIssueKeys(md: vscode.MarkdownString, r: WorkspaceRepository, summary: string): Promise<void> {
    const keys = findReferences(summary)
      .filter((ref) => ref.kind === 'issueKey')
      .slice(0, MAX_HOVER_KEYS);
    if (keys.length === 0) return;
    const unknown: Reference[] = [];
    for (const ref of keys) {
      const issue = this.hub.query({ kind: 'workItem', tag: `issuekey:${ref.key}` })[0];
      if (issue) {
        md.appendMarkdown('\n\n$(issues) ');
        md.appendMarkdown(commandLink(`${ref.key}: ${oneLine(issue.title, 120)}`, issue.id));
        md.appendText(` — ${oneLine(issue.state.native, 40)}`);
      } else unknown.push(ref);
    }
    if (unknown.length === 0 || !this.referenceTitles) return;
    // Asked once per key (a hover moving over the lines of one commit asks for the same keys again and again).
    const missing = unknown.filter((ref) => !this.titleCache.has(ref.key));
    if (missing.length > 0) {
      const asked = this.referenceTitles(r, missing).catch(() => new Map<string, { title: string }>());
      for (const ref of missing) {
        const title = asked.then((titles) => {
          const found = titles.get(ref.key)?.title;
          if (!found) this.titleCache.delete(ref.key); // Asked again next time: a service may connect meanwhile.
          return found;
        });
        this.titleCache.set(ref.key, title);
      }
    }
    const titles = await Promise.race([
      Promise.all(unknown.map(async (ref) => [ref.key, await this.titleCache.get(ref.key)] as const)),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), TITLE_WAIT_MS)),
    ]);
    const byKey = new Map(titles ?? []);
    for (const ref of unknown) {
      const title = byKey.get(ref.key);
      if (!title) continue;
      md.appendMarkdown('\n\n$(issues) ');
      md.appendText(`${ref.key}: ${oneLine(title, 160)}`);
    }
  }

  private hoverMarkdown(block: BlockLens | undefined, marks: readonly LineMark[]): vscode.MarkdownString {
    // Remote and repository strings are escaped with appendText; only our own command links are enabled.
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: ['devops.showDetails'] };
    md.supportHtml = false;
    const now = Date.now();
    if (block) {
      if (block.committed) {
        md.appendMarkdown('$(git-commit) ');
        md.appendText(`${shortSha(block.commit)} · ${oneLine(block.author, 60)} · ${relativeTime(block.authorTime, now)}\n`);
        md.appendMarkdown('\n\n');
        md.appendText(oneLine(block.summary, 200));
      } else {
        md.appendMarkdown('$(git-commit) ');
        md.appendText('Not committed yet');
      }
      const where = describeEnvironments(block.environments, now);
      if (where) {
        md.appendMarkdown('\n\n$(rocket) ');
        md.appendText(where);
      }
      for (const env of block.environments) {
        const deploy = env.since ?? env.current;
        const signal = deploy && this.hub.get(deploy.id);
        if (env.live && signal) {
          md.appendMarkdown('\n\n- ');
          md.appendMarkdown(commandLink(`${env.environment}: ${signal.title}`, signal.id));
        }
      }
      // What was said about this commit (a hub message tagged `commit:<sha>`, e.g. in a Tat topic), newest first.
      if (block.committed) {
        const said = this.hub
          .query({ kind: 'message', commit: block.commit })
          .sort((a, b) => b.updatedAt - a.updatedAt)
          .slice(0, 5);
        for (const signal of said) {
          md.appendMarkdown('\n\n$(comment) ');
          md.appendMarkdown(
            commandLink(`${signal.author ? `${oneLine(signal.author, 40)}: ` : ''}${oneLine(signal.title, 120)}`, signal.id),
          );
        }
      }
    }
    for (const mark of marks) {
      const severity = mark.labels[0] ? ` (${mark.labels[0]})` : '';
      const signal = mark.kind === 'finding' ? this.hub.get(mark.signalId) : undefined;
      const finding = signal && findingOf(signal);
      const what = finding ? `${oneLine(finding.tool, 60)}${severity}` : `${mark.kind}${severity}`;
      md.appendMarkdown(`\n\n$(${finding ? 'report' : mark.open ? 'flame' : 'pass'}) `);
      md.appendMarkdown(commandLink(`${what}: ${oneLine(mark.title, 120)}`, mark.signalId));
      md.appendText(mark.open ? '' : ` — ${mark.state}`); // resolved, closed, silenced...
    }
    return md;
  }
}

/** Which version of a file is on disk: a blame is kept for it until this changes (FileFeedbackRequest.stamp). */
function stampOf(stat: fs.Stats): string {
  return `${stat.mtimeMs}:${stat.size}`;
}

function lensCommand(block: BlockLens): vscode.Command {
  const target =
    block.signalIds[0] ?? block.environments.map((e) => (e.live ? (e.since ?? e.current)?.id : undefined)).find((id) => id !== undefined);
  return target
    ? { title: block.text, command: 'devops.showDetails', arguments: [target], tooltip: 'Show details' }
    : { title: block.text, command: '' };
}

/** A remote source line for a code block: indentation kept, control characters and fences neutralised. */
function codeLine(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/g, ' ')
    .replace(/`{3,}/g, (f) => f.split('').join('\u200b'))
    .slice(0, 200);
}

/** `[text](command:devops.showDetails?["id"])` with the text escaped. */
function commandLink(text: string, signalId: string): string {
  const escaped = text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
  return `[${escaped}](command:devops.showDetails?${encodeURIComponent(JSON.stringify([signalId]))})`;
}

/** Our own link words in markdown: no brackets or markup of their own. */
function escapeLinkText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
