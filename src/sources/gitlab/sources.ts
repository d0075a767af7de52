/**
 * The four phase sources of one GitLab project, built together so they share one rate-limit state
 * (GitLab counts every request of a user against one quota), one answer to "who am I" (`GET /user`,
 * asked once per credential when the user is not injected) and the injected workspace facts.
 */
import { GitLabBuildSource, type BuildSourceOptions } from './buildSource';
import { GitLabCodeSource, type CodeSourceOptions } from './codeSource';
import { GitLabUserCache } from './currentUser';
import { GitLabDeploySource, type DeploySourceOptions } from './deploySource';
import type { GitLabSourceOptions } from './phaseSource';
import { GitLabPlanSource, type PlanSourceOptions } from './planSource';
import { GitLabRateState } from './rateState';

export interface GitLabSources {
  plan: GitLabPlanSource;
  code: GitLabCodeSource;
  build: GitLabBuildSource;
  deploy: GitLabDeploySource;
}

export type GitLabSourcesOptions = GitLabSourceOptions &
  Omit<PlanSourceOptions, keyof GitLabSourceOptions> &
  Omit<CodeSourceOptions, keyof GitLabSourceOptions> &
  Omit<BuildSourceOptions, keyof GitLabSourceOptions> &
  Omit<DeploySourceOptions, keyof GitLabSourceOptions>;

export function createGitLabSources(options: GitLabSourcesOptions): GitLabSources {
  const shared = {
    ...options,
    rate: options.rate ?? new GitLabRateState(),
    users: options.users ?? new GitLabUserCache(options.logger),
  };
  return {
    plan: new GitLabPlanSource(shared),
    code: new GitLabCodeSource(shared),
    build: new GitLabBuildSource(shared),
    deploy: new GitLabDeploySource(shared),
  };
}
