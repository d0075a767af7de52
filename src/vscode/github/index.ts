import { FeatureContext } from '../featureContext';
import { GitHubFeature } from './feature';

/**
 * GitHub (issue 4): sprint issues, pull requests, Actions runs and deployments of every workspace
 * repository whose remote is on GitHub (or on a GHES host from the settings). Nothing here touches
 * the network: the first refresh is scheduled after `activate()` has returned.
 */
export function activateGitHub(feature: FeatureContext): void {
  feature.context.subscriptions.push(new GitHubFeature(feature));
}
