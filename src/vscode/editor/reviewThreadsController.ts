import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import type { SignalHub } from '../../core/hub';
import type { Finding } from '../../core/finding';
import { plainText } from '../../core/plainText';
import { REVIEW_TOOL } from '../../core/finding';
import { placeFindings, type Placement } from '../../core/lineMap';
import { reviewThreadOf, safeMarkdown, type ReviewComment, type ReviewThread } from '../../core/reviewThread';
import type { Signal } from '../../core/signal';
import { diffsSince } from '../../sources/git';
import type { GitWorkspace, WorkspaceRepository } from '../git/gitWorkspace';
import { CommandCancelled, registerGuardedCommand } from '../guardedCommand';
import type { ReviewThreadActions } from '../service';

export const CONTROLLER_ID = 'devops.reviewThreads';
export const REVIEW_THREADS_SETTING = 'devops.reviewThreads.enabled';

/** The setting that turns review threads off: no source reads them, no thread is shown. */
export function reviewThreadsEnabled(): boolean {
  return vscode.workspace.getConfiguration().get<boolean>(REVIEW_THREADS_SETTING, true);
}
const SYNC_DELAY_MS = 150;

export interface ReviewThreadsDeps {
  hub: SignalHub;
  git: GitWorkspace;
  log: vscode.LogOutputChannel;
  /** The reporting service's reply and resolve (service.ts `reviewThreads`), by the thread's signal. */
  actions(signal: Signal): ReviewThreadActions | undefined;
  /** The family of a signal's service (its threads' context values carry it). */
  familyOf(signal: Signal): string;
}

/** One shown thread, as the integration tests and the Code view's "reveal" read it. */
export interface ShownReviewThread {
  signalId: string;
  thread: vscode.CommentThread;
  uri: vscode.Uri;
  /** 1-based lines in the working tree (or the thread's own when it could not be placed). */
  line: number;
  endLine: number;
  outdated: boolean;
  resolved: boolean;
}

class ThreadComment implements vscode.Comment {
  mode = vscode.CommentMode.Preview;
  constructor(
    readonly body: vscode.MarkdownString,
    readonly author: vscode.CommentAuthorInformation,
    readonly timestamp: Date | undefined,
    readonly contextValue: string,
    readonly label: string | undefined,
    /** The thread's signal, so comment title actions act on the thread. */
    readonly signalId: string,
  ) {}
}

/**
 * Review threads (core/reviewThread findings of every forge) next to the code through VS Code's
 * Comments API: one comment controller for all services. Each thread is placed on the working
 * tree's lines by following `git diff` hunks from the commit it refers to (core/lineMap); a thread
 * whose lines were changed or deleted since, or that its forge calls outdated, is labelled
 * "Outdated" and stays on its old line. Bodies are untrusted Markdown (no HTML, no command links,
 * through `safeMarkdown`); authors and labels are plain text. Reply, resolve and unresolve go to
 * the thread's service through the service contract (`DevOpsService.reviewThreads`).
 */
export class ReviewThreadsController implements vscode.Disposable {
  private readonly controller: vscode.CommentController;
  private readonly shown = new Map<string, { entry: ShownReviewThread; key: string }>();
  private readonly bySignal = new WeakMap<vscode.CommentThread, string>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly abort = new AbortController();
  private syncing: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fires after the threads were placed again. */
  readonly onDidSync = this.changeEmitter.event;

  constructor(private readonly deps: ReviewThreadsDeps) {
    this.controller = vscode.comments.createCommentController(CONTROLLER_ID, 'DevOps review threads');
    this.controller.options = { placeHolder: 'Reply…', prompt: 'Reply to this review thread' };
    this.disposables.push(
      this.controller,
      this.changeEmitter,
      deps.hub.onDidChange((c) => {
        if ([...c.added, ...c.updated, ...c.removed].some(isReviewFinding)) this.schedule();
      }),
      deps.git.onDidRefresh(() => this.schedule()),
      deps.git.onDidChangeRepositories(() => this.schedule()),
      vscode.workspace.onDidSaveTextDocument(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(REVIEW_THREADS_SETTING) && this.schedule()),
      registerGuardedCommand('devops.reviewThreads.reply', (arg) => this.reply(arg), deps.log),
      registerGuardedCommand('devops.reviewThreads.resolve', (arg) => this.setResolved(arg, true), deps.log),
      registerGuardedCommand('devops.reviewThreads.unresolve', (arg) => this.setResolved(arg, false), deps.log),
      registerGuardedCommand('devops.reviewThreads.show', (arg) => this.reveal(typeof arg === 'string' ? arg : undefined), deps.log),
    );
    this.schedule();
  }

  /** The threads as shown now. */
  threads(): ShownReviewThread[] {
    return [...this.shown.values()].map((s) => s.entry);
  }

  /** Places the threads again now (and waits for it). */
  sync(): Promise<void> {
    clearTimeout(this.timer);
    this.syncing = this.syncing.then(() => this.place()).catch((err) => this.deps.log.warn(`Review threads: ${errorMessage(err)}`));
    return this.syncing;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.abort.abort();
    for (const { entry } of this.shown.values()) entry.thread.dispose();
    this.shown.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.sync(), SYNC_DELAY_MS);
  }

  private async place(): Promise<void> {
    const enabled = reviewThreadsEnabled();
    const wanted = new Map<string, { signal: Signal; r: WorkspaceRepository }>();
    if (enabled) {
      for (const s of this.deps.hub.query({ kind: 'finding', tag: `tool:${REVIEW_TOOL}` })) {
        const r = this.deps.git.repositoryOf(s.anchors.repo);
        if (r && reviewThreadOf(s)) wanted.set(s.id, { signal: s, r });
      }
    }
    const placements = await this.relocate([...wanted.values()]);
    for (const [id, old] of this.shown) {
      if (!wanted.has(id)) {
        old.entry.thread.dispose();
        this.shown.delete(id);
      }
    }
    for (const [id, { signal, r }] of wanted) {
      const t = reviewThreadOf(signal)!;
      const uri = fileUri(r, t.finding.path);
      if (!uri) continue;
      const placed = placements.get(id);
      const line = placed?.line ?? t.finding.line;
      const endLine = placed?.endLine ?? t.finding.endLine ?? line;
      const outdated = t.thread.outdated || placed === null;
      const family = this.deps.familyOf(signal);
      const key = JSON.stringify([
        uri.toString(),
        line,
        endLine,
        outdated,
        signal.updatedAt,
        signal.state.normal,
        t.thread.comments.length,
        family,
      ]);
      const old = this.shown.get(id);
      if (old?.key === key) continue;
      let thread = old?.entry.thread;
      const range = new vscode.Range(line - 1, 0, endLine - 1, 0);
      if (thread && thread.uri.toString() !== uri.toString()) {
        thread.dispose();
        thread = undefined;
      }
      thread ??= this.controller.createCommentThread(uri, range, []);
      thread.range = range;
      this.bySignal.set(thread, id);
      this.fill(thread, signal, t.thread, t.resolved, outdated, family);
      this.shown.set(id, { entry: { signalId: id, thread, uri, line, endLine, outdated, resolved: t.resolved }, key });
    }
    this.changeEmitter.fire();
  }

  private fill(thread: vscode.CommentThread, signal: Signal, t: ReviewThread, resolved: boolean, outdated: boolean, family: string): void {
    const state = `${resolved ? 'resolved' : 'unresolved'}${t.resolvable ? '.resolvable' : ''}`;
    thread.comments = t.comments.map((c, i) =>
      comment(c, `reviewComment.${family}.${i === 0 ? 'first' : 'reply'}.${state}`, i === 0 && outdated, signal.id),
    );
    thread.label = plainText(`${t.requestLabel}${outdated ? ' · Outdated' : ''}${resolved ? ' · Resolved' : ''}`, 120);
    thread.contextValue = `reviewThread.${family}.${state}`;
    thread.state = resolved ? vscode.CommentThreadState.Resolved : vscode.CommentThreadState.Unresolved;
    thread.canReply = true;
    thread.collapsibleState =
      resolved || outdated ? vscode.CommentThreadCollapsibleState.Collapsed : vscode.CommentThreadCollapsibleState.Expanded;
  }

  /** Where each thread is in the working tree, per repository (core/reviewThread `placeFindings`). */
  private async relocate(items: ReadonlyArray<{ signal: Signal; r: WorkspaceRepository }>): Promise<Map<string, Placement>> {
    const byRepo = new Map<WorkspaceRepository, Array<{ id: string; finding: Finding }>>();
    for (const { signal, r } of items) {
      const list = byRepo.get(r) ?? [];
      list.push({ id: signal.id, finding: reviewThreadOf(signal)!.finding });
      byRepo.set(r, list);
    }
    const out = new Map<string, Placement>();
    for (const [r, findings] of byRepo) {
      const placed = await placeFindings(
        findings,
        (commit, paths) => diffsSince(r.repo, commit, paths),
        (commit, err) =>
          this.deps.log.info(
            `Review threads: lines of ${commit.slice(0, 7)} not followed (${errorMessage(err)}); shown where the forge says`,
          ),
      );
      for (const [id, p] of placed) out.set(id, p);
    }
    return out;
  }

  private async reply(arg: unknown): Promise<void> {
    const { signal, actions, text } = this.target(arg);
    if (!text?.trim()) throw new CommandCancelled();
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Replying to the review thread' }, () =>
      actions.reply(signal, text, this.abort.signal),
    );
  }

  /** Resolves or unresolves; a reply typed in the box is posted first. */
  private async setResolved(arg: unknown, resolved: boolean): Promise<void> {
    const { signal, actions, text } = this.target(arg);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: resolved ? 'Resolving the review thread' : 'Unresolving the review thread' },
      async () => {
        if (text?.trim()) await actions.reply(signal, text, this.abort.signal);
        await actions.setResolved(signal, resolved, this.abort.signal);
      },
    );
  }

  /** The thread's signal and its service's actions, from what a Comments menu passes (a reply, a thread, a comment). */
  private target(arg: unknown): { signal: Signal; actions: ReviewThreadActions; text?: string } {
    const a = arg as Partial<vscode.CommentReply> & Partial<vscode.CommentThread> & { signalId?: unknown };
    const thread = (a?.thread ?? (a && 'comments' in a ? a : undefined)) as vscode.CommentThread | undefined;
    const id = (thread && this.bySignal.get(thread)) ?? (typeof a?.signalId === 'string' ? a.signalId : undefined);
    const signal = id ? this.deps.hub.get(id) : undefined;
    if (!signal) throw new Error('That review thread is no longer known; refresh and try again.');
    const actions = this.deps.actions(signal);
    if (!actions) throw new Error(`${plainText(this.deps.familyOf(signal), 40)} does not take replies to review threads here.`);
    return { signal, actions, ...(typeof a.text === 'string' ? { text: a.text } : {}) };
  }

  /** Opens the first unresolved thread (of a request, when given) and the Comments panel. */
  private async reveal(requestId: string | undefined): Promise<void> {
    await this.sync();
    const all = this.threads()
      .filter((t) => {
        const signal = this.deps.hub.get(t.signalId);
        return signal !== undefined && (!requestId || reviewThreadOf(signal)?.thread.request === requestId);
      })
      .sort((a, b) => Number(a.resolved) - Number(b.resolved) || Number(a.outdated) - Number(b.outdated));
    await Promise.resolve(vscode.commands.executeCommand('workbench.action.focusCommentsPanel')).catch((err: unknown) =>
      this.deps.log.info(`Review threads: the Comments panel did not open (${errorMessage(err)})`),
    );
    const first = all[0];
    if (!first) return;
    first.thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
    const at = new vscode.Position(first.line - 1, 0);
    try {
      await vscode.window.showTextDocument(first.uri, { selection: new vscode.Range(at, at), preview: true });
    } catch (err) {
      // The file is not in the working tree (deleted since): the Comments panel still lists the thread.
      this.deps.log.info(`Review threads: ${first.uri.fsPath} not opened (${errorMessage(err)})`);
    }
  }
}

function isReviewFinding(s: Signal): boolean {
  return s.kind === 'finding' && s.tags.includes(`tool:${REVIEW_TOOL}`);
}

/** The file of a repository-relative path from a forge, or undefined when it would leave the repository. */
function fileUri(r: WorkspaceRepository, path: string): vscode.Uri | undefined {
  const root = vscode.Uri.file(r.repo.root);
  const uri = vscode.Uri.joinPath(root, path);
  const prefix = root.path.endsWith('/') ? root.path : `${root.path}/`;
  return uri.path.startsWith(prefix) ? uri : undefined;
}

function comment(c: ReviewComment, contextValue: string, outdated: boolean, signalId: string): ThreadComment {
  const body = new vscode.MarkdownString(safeMarkdown(c.body), false);
  body.isTrusted = false;
  body.supportHtml = false;
  body.supportThemeIcons = false;
  return new ThreadComment(
    body,
    { name: plainText(c.author, 100) || 'unknown' },
    c.createdAt > 0 ? new Date(c.createdAt) : undefined,
    contextValue,
    outdated ? 'Outdated' : undefined,
    signalId,
  );
}
