import type * as vscode from 'vscode';
import type { SignalHub } from '../core/hub';
import type { TreeNode, ViewId } from '../core/phaseTree';
import type { PollDecision } from '../core/pollScheduler';
import type { HttpClient } from '../http/client';
import type { GitWorkspace } from './git/gitWorkspace';
import type { LogStyles } from './logs/logStyles';
import type { Prompter } from './prompter';
import type { SignalChoice } from './signalChoice';
import type { Signal } from '../core/signal';
import type { PhaseTreeProvider } from './views/phaseTreeProvider';

/**
 * What a service (service.ts) gets from `activate()` to do its work: the hub, the workspace's git
 * repositories, the one HTTP client, the views (for a message or a badge), the prompter, and the
 * means to ask the one poll scheduler for a refresh now. A service makes no network call until
 * `activate()` has returned: its first discovery is scheduled after that.
 */
export interface ServiceHost {
  context: vscode.ExtensionContext;
  hub: SignalHub;
  http: HttpClient;
  git: GitWorkspace;
  log: vscode.LogOutputChannel;
  views: Record<ViewId, PhaseTreeProvider>;
  /** The tree views themselves, to set `message` (rate limits, settings problems) and `badge`. */
  treeViews: Record<ViewId, vscode.TreeView<TreeNode>>;
  /** Colours and groups of the job-log documents services show (their content providers hand them the styled logs). */
  logStyles: LogStyles;
  /** The quick picks / input boxes to use (tests swap them). */
  prompter(): Prompter;
  /** The signal a command acts on: its argument, else the selected one (tree row, cursor line), else a pick (signalChoice.ts). */
  chooseSignal(choice: SignalChoice): Promise<Signal | undefined>;
  showDetails(signalId: string): Promise<void>;
  /** Refreshes one of its polled sources now and returns to the fast pace (after the user acted). */
  refreshNow(sourceId: string): Promise<void>;
  /** When a polled source refreshes next, and why. */
  pollDecision(sourceId: string): PollDecision | undefined;
  /** Runs its discovery again soon (a token was stored, a sign-in changed). */
  rediscover(family: string): void;
  /** Runs its discovery now and resolves when its sources are in place. */
  discoverNow(family: string): Promise<void>;
  /** Recomputes the status bar (a run of HEAD's branch changed). */
  updateStatusBar(): void;
}
