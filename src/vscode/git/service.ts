import type * as vscode from 'vscode';
import type { SignalHub } from '../../core/hub';
import type { Prompter } from '../prompter';
import type { DeployDestination, DevOpsService, IncidentDestination } from '../service';
import { gitDetailsContributor } from './gitDetails';
import type { GitWorkspace } from './gitWorkspace';
import { reportCommands, type ReportDeps } from './reportCommands';

export interface GitServiceDeps {
  git: GitWorkspace;
  hub: SignalHub;
  log: vscode.LogOutputChannel;
  prompter: () => Prompter;
  chooseSignal: ReportDeps['chooseSignal'];
  /** Every registered service's deploy destinations, besides the journal. */
  deployDestinations: () => readonly DeployDestination[];
  /** Every registered service's incident destinations, besides the journal. */
  incidentDestinations: () => readonly IncidentDestination[];
  /** Every registered service's titles for release-note references. */
  resolveReferences: ReportDeps['resolveReferences'];
  /** Every registered service's warnings about a release range. */
  releaseWarnings?: ReportDeps['releaseWarnings'];
}

/**
 * The zero-configuration service: the workspace's own repositories. Their tags, recent commits and
 * the journal in git notes (deploys and incidents reported from the editor) are its signals,
 * refreshed when git says the repository changed, never polled.
 */
export function gitService(deps: GitServiceDeps): DevOpsService {
  return {
    display: {
      family: 'git',
      name: 'git',
      icon: 'git-commit',
      openLabel: 'Open the link',
      problemsLabel: (signal) => (signal.kind === 'incident' ? 'incident' : 'git'),
    },
    discover: async () => {
      await deps.git.ready();
      return { sources: deps.git.all().map((r) => ({ source: r.source })) };
    },
    details: gitDetailsContributor(deps.git),
    commands: reportCommands(deps),
    dispose: () => undefined,
  };
}
