import * as vscode from 'vscode';
import { SignalHub } from '../core/hub';
import { ViewId } from '../core/phaseTree';
import { Refresher } from '../core/refresher';
import { HttpClient } from '../http/client';
import { DetailsContributor } from './detailsItems';
import { GitWorkspace } from './git/gitWorkspace';
import { HeadStatusController } from './git/headStatus';
import { Prompter } from './prompter';
import { SourceRegistry } from './sourceRegistry';
import { StatusBar } from './statusBar';
import { PhaseTreeProvider } from './views/phaseTreeProvider';
import { TreeNode } from '../core/phaseTree';
import { DeployDestination } from './git/reportCommands';

/**
 * What a service feature (GitHub, Monitor, ...) gets from `activate()` to plug itself in: the hub,
 * the views to add layouts to, the one HTTP client, the git workspace, details contributors.
 * A feature registers its disposables on `context.subscriptions` and makes no network call until
 * `activate()` has returned.
 */
export interface FeatureContext {
  context: vscode.ExtensionContext;
  hub: SignalHub;
  registry: SourceRegistry;
  refresher: Refresher;
  http: HttpClient;
  git: GitWorkspace;
  views: Record<ViewId, PhaseTreeProvider>;
  /** The tree views themselves, to set `message` (rate limits, sign-in) and `badge`. */
  treeViews: Record<ViewId, vscode.TreeView<TreeNode>>;
  /** Push a destination here to offer it in `DevOps: Report Deploy…` next to the git journal. */
  deployDestinations: DeployDestination[];
  statusBar: StatusBar;
  headStatus: HeadStatusController;
  log: vscode.LogOutputChannel;
  /** Push contributors here to add sections/actions to the details panel of your signals. */
  detailsContributors: DetailsContributor[];
  /** The quick picks / input boxes to use (tests swap them). */
  prompter: () => Prompter;
  /** Opens the details panel of a signal. */
  showDetails(signalId: string): Promise<void>;
}
