/**
 * The GitLab source's public surface (pure: no `vscode` import); outside code imports GitLab only
 * from here. The VS Code layer:
 * 1. parses the `{ url, sshHosts }` instance settings with `parseGitLabInstance` and finds projects
 *    with `gitlabProjectsFromRemotes` (gitlab.com needs no setting);
 * 2. builds the credential with `gitlabCredential` from a token in SecretStorage;
 * 3. creates the phase sources with `createGitLabSources`, injecting HEAD's branch, the default
 *    branch, the branch-name rule and, when sign-in tells it, the signed-in user (else the sources
 *    ask GitLab's `GET /user` once per credential), and registers them as `Source`s;
 * 4. adds `gitlabPlanLayout`, `gitlabCodeLayout`, `gitlabBuildLayout` to the views;
 * 5. calls the actions on the phase sources (approve, merge, retry, job log, createDeployment…).
 */
export {
  GITLAB_MAX_PER_PAGE,
  GitLabApi,
  type CreateDeploymentInput,
  type DeploymentStatus,
  type GitLabApiOptions,
  type GitLabList,
  type JobScope,
  type MergeOptions,
  type RequestStats,
} from './api';
export { GitLabBuildSource, type BuildSourceOptions } from './buildSource';
export { GitLabCodeSource, type CodeSourceOptions, type MergeRequestDetails } from './codeSource';
export { GitLabUserCache } from './currentUser';
export { gitlabCredential, type GitLabTokenKind } from './credential';
export { GitLabDeploySource, type DeploySourceOptions } from './deploySource';
export { MAX_TRACE_CHARS, parseJobTrace, type ParsedTrace, type TraceSection } from './jobTrace';
export {
  ciDescription,
  gitlabBuildLayout,
  gitlabCodeLayout,
  gitlabPlanLayout,
  issueDescription,
  mergeRequestDescription,
  NO_PLAN,
  UNASSIGNED,
  type GitLabLayoutContext,
} from './layouts';
export {
  gitlabSourceId,
  mapCurrentUser,
  MAX_BODY_CHARS,
  MAX_TITLE_CHARS,
  type ApprovalSummary,
  type GitLabUser,
  type MergeRequestCategory,
  type PlanScope,
  type StageSummary,
} from './mapping';
export { mergeRefusal } from './mergeRefusal';
export { isMergeable, mergeStatusPhrase } from './mergeStatus';
export { GitLabPhaseSource, type GitLabSourceOptions, type RefreshStats } from './phaseSource';
export {
  GitLabPlanSource,
  type BranchNameInput,
  type BranchNameResult,
  type BranchNameRule,
  type PlanSourceOptions,
  type StartWorkLabels,
} from './planSource';
export { pickIteration, pickMilestone, planScope } from './planScope';
export { GitLabRateState } from './rateState';
export { GitLabReferenceResolver, type ReferenceResolution, type ReferenceResolverOptions, type ResolvedReference } from './references';
export {
  gitlabProjectsFromRemotes,
  parseGitLabInstance,
  parseGitLabRemote,
  type GitLabInstance,
  type GitLabInstanceSetting,
  type GitLabProjectRef,
  type GitRemote,
} from './remote';
export { gitlabServiceMessage } from './serviceMessage';
export { createGitLabSources, type GitLabSources, type GitLabSourcesOptions } from './sources';
export {
  discussionPlace,
  GitLabReviewSource,
  gitlabReviewSourceId,
  mapDiscussion,
  type DiscussionMappingContext,
  type GitLabReviewSourceOptions,
} from './reviewThreads';
export type { GlDiscussion, GlNote } from './types';
