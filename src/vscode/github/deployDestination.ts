import type { SignalHub } from '../../core/hub';
import type { GhDeploymentState } from '../../sources/github';
import type { DeployDestination, DeployInput } from '../service';
import type { WorkspaceRepository } from '../git/gitWorkspace';
import type { GitHubConnection } from './connection';

const STATES: Record<DeployInput['status'], GhDeploymentState> = { success: 'success', failed: 'failure', rolledBack: 'inactive' };

/**
 * `DevOps: Report Deploy…` to GitHub: a deployment of the commit to the environment, then its
 * status. The result shows in the Deploy view at once, grouped with the git journal's reports of
 * the same environment.
 */
export function githubDeployDestination(
  hub: SignalHub,
  connectionsFor: (r: WorkspaceRepository) => GitHubConnection[],
  refreshDeploy: (c: GitHubConnection) => void,
): DeployDestination {
  return {
    label: 'GitHub deployments',
    description: 'creates a deployment and its status on GitHub',
    appliesTo: (r) => connectionsFor(r).some((c) => c.signedIn),
    report: async (r, input) => {
      const c = connectionsFor(r).find((x) => x.signedIn);
      if (!c) throw new Error('no signed-in GitHub repository for this folder');
      const signal = await c.source.reportDeploy({
        ref: input.commit,
        environment: input.environment,
        description: [input.version, input.note].filter(Boolean).join(' — ') || undefined,
        // The deploy already happened: GitHub must not refuse it for pending status checks.
        requireContexts: false,
        autoMerge: false,
        state: STATES[input.status],
        logUrl: input.url,
        statusDescription: input.status === 'rolledBack' ? `rolled back${input.note ? `: ${input.note}` : ''}` : undefined,
        payload: input.version ? { version: input.version } : undefined,
      });
      hub.upsert([signal]);
      refreshDeploy(c);
    },
  };
}
