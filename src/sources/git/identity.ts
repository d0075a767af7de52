import { byRemotePreference, remoteIdentity } from '../../core/remoteUrl';
import type { GitRepository } from './repository';

/**
 * Who a workspace repository is to the services (core/remoteUrl): its remotes' canonical identities
 * (`host/owner/name`), and its primary one, the identity its own signals carry in
 * `anchors.repo`: `origin`'s, else `upstream`'s, else the first remote's, else the folder path.
 */
export interface RepositoryIdentities {
  primary: string;
  /** The folder path and every remote's identity: signals anchored to any of them are about this repository. */
  all: string[];
}

export async function repositoryIdentities(repo: GitRepository, signal?: AbortSignal): Promise<RepositoryIdentities> {
  const remotes = await repo.remotes(signal);
  const ordered = byRemotePreference(remotes);
  const identities: string[] = [];
  for (const remote of ordered) {
    for (const url of [remote.fetchUrl, remote.pushUrl]) {
      const identity = url ? remoteIdentity(url) : undefined;
      if (identity && !identities.includes(identity)) identities.push(identity);
    }
  }
  return { primary: identities[0] ?? repo.root, all: [repo.root, ...identities] };
}
