import { githubSourceId } from './mapping';
import type { GitHubRepoRef } from './remote';

/** The views GitHub feeds; each has its own source id so each refreshes (and fails) on its own. */
export const GITHUB_PHASES = ['plan', 'code', 'build', 'deploy'] as const;
export type GitHubPhase = (typeof GITHUB_PHASES)[number];

/** The id of a repository's phase source: `github:HOST/owner/repo#build`. */
export function phaseSourceId(repo: GitHubRepoRef, phase: GitHubPhase): string {
  return `${githubSourceId(repo)}#${phase}`;
}

/** `github:HOST/owner/repo` from any phase source id (or from the repository id itself). */
export function repositoryKey(sourceId: string): string {
  const hash = sourceId.indexOf('#');
  return hash < 0 ? sourceId : sourceId.slice(0, hash);
}
