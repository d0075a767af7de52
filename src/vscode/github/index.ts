import { FeatureContext } from '../featureContext';

/** GitHub: sprint items, pull requests, Actions runs, deployments (issue 4). Being built. */
export function activateGitHub(_feature: FeatureContext): void {
  // Wired by the GitHub feature.
}
