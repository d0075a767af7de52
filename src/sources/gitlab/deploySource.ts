/**
 * GitLab Deploy: the project's available environments, each with its newest deployments (ref, sha,
 * status, user, when), as `deployment` signals anchored to `anchors.environment`,
 * `anchors.commits` and `anchors.repo`: the shape src/core/deployStatus reads, so GitLab's
 * deployments say "live in production since …" exactly as GitHub's and the git journal's do (a
 * deployed tag becomes the `version` tag). And `createDeployment` for Report Deploy.
 *
 * Cost per refresh: the environments (one page), then one page of deployments per environment, for
 * at most `environmentLimit` environments; every one a conditional GET.
 */
import { tag, type Signal } from '../../core/signal';
import type { CreateDeploymentInput } from './api';
import { mapDeployment } from './mapping';
import { GitLabPhaseSource, type GitLabSourceOptions } from './phaseSource';

export interface DeploySourceOptions extends GitLabSourceOptions {
  /** Environments whose deployments are read per refresh. Default 10. */
  environmentLimit?: number;
  /** Deployments kept per environment (the newest). Default 5. */
  deploymentsPerEnvironment?: number;
}

export class GitLabDeploySource extends GitLabPhaseSource {
  private readonly environmentLimit: number;
  private readonly perEnvironment: number;

  constructor(options: DeploySourceOptions) {
    super('deploy', options);
    this.environmentLimit = Math.max(0, options.environmentLimit ?? 10);
    this.perEnvironment = Math.max(1, options.deploymentsPerEnvironment ?? 5);
  }

  protected async load(signal: AbortSignal): Promise<Signal[]> {
    const me = await this.me(signal);
    const environments = (await this.api.listEnvironments({ states: 'available' }, signal)).items
      .filter((e) => typeof e.name === 'string' && e.name !== '')
      .slice(0, this.environmentLimit);
    const ctx = this.ctx(me);
    const signals: Signal[] = [];
    const seen = new Set<number>();
    for (const environment of environments) {
      const deployments = await this.api.listDeployments({ environment: environment.name, perPage: this.perEnvironment }, signal);
      for (const deployment of deployments) {
        if (!Number.isSafeInteger(deployment.id) || seen.has(deployment.id)) continue;
        seen.add(deployment.id);
        signals.push(mapDeployment(deployment, ctx, environment));
      }
    }
    return signals;
  }

  /** Report Deploy to GitLab: a deployment of `sha` (`ref`, a branch or tag) to an environment. */
  async createDeployment(input: CreateDeploymentInput, signal?: AbortSignal): Promise<Signal> {
    const deployment = await this.api.createDeployment(input, signal);
    const mapped = mapDeployment(deployment, this.ctx(await this.me(signal)));
    // GitLab's answer to a created deployment has no job, so it does not say the ref is a tag: the input does.
    const version = tag('version', deployment.ref || input.ref);
    if (input.tag && !mapped.tags.includes(version)) {
      mapped.tags.push(version);
      mapped.detail = { ...mapped.detail, tag: true };
    }
    return mapped;
  }
}
