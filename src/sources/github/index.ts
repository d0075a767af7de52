/**
 * The GitHub source's public surface (pure: no `vscode` import). The VS Code layer:
 * 1. finds repositories with `githubReposFromRemotes` (github.com needs no setting; GHES hosts come
 *    from the settings through `parseEnterpriseHost`);
 * 2. gets a token from `vscode.authentication` and builds the credential with `githubCredential`;
 * 3. creates one `GitHubSource` per repository and its four `GitHubPhaseSource`s (one `Source` per
 *    phase), which the one poll scheduler polls on their `pollHints()`;
 * 4. groups the views with `planLayout`, `codeLayout` and `buildLayout`.
 */
export { cleanJobLog, parseJobLog, stripAnsi, type LogLine } from './ansi';
export {
  githubCredential,
  GitHubApi,
  GITHUB_MAX_PULL_REQUEST_FILES,
  type CreateDeploymentInput,
  type MergeMethod,
  type PullRequestFileList,
} from './api';
export { checksRollup, type ChecksRollup, type ChecksState } from './checksRollup';
export {
  GitHubSource,
  type BuildResult,
  type GitHubSourceOptions,
  type PhaseResult,
  type PlanResult,
  type RefreshContext,
} from './githubSource';
export { groupPlan, groupPullRequests, type SignalGroup } from './groups';
export { githubSourceId, MAX_BODY_CHARS, type PullRequestCategory } from './mapping';
export { GITHUB_PHASES, phaseSourceId, repositoryKey, type GitHubPhase } from './ids';
export {
  buildLayout,
  codeLayout,
  planLayout,
  pullRequestDescription,
  runDescription,
  type LayoutContext,
  type LayoutRepository,
} from './layouts';
export { GitHubPhaseSource, type GitHubRepositoryState, type PhaseOutcome } from './phaseSource';
export { RateGate } from './rateGate';
export {
  githubIdentity,
  githubReposFromRemotes,
  parseEnterpriseHost,
  parseGitHubRemote,
  type EnterpriseHost,
  type GitHubRepoRef,
  type GitRemote,
} from './remote';
export { reviewDecision, type ReviewDecision, type ReviewSummary } from './reviewDecision';
export { pickSprint, type SprintChoice } from './sprint';
export type { GhDeploymentState, GhPullRequestFile } from './types';
export {
  GitHubReviewSource,
  groupReviewComments,
  mapReviewThread,
  reviewSourceId,
  threadPlace,
  STATES_EVERY_MS,
  type GitHubReviewSourceOptions,
  type GhThread,
  type ThreadPlace,
} from './reviewThreads';
export { graphqlUrl, REVIEW_THREADS_QUERY, RESOLVE_MUTATION, UNRESOLVE_MUTATION } from './api';
export type { GhReviewComment } from './types';
