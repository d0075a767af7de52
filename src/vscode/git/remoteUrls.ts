import type * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import { byRemotePreference } from '../../core/remoteUrl';
import type { GitWorkspace, WorkspaceRepository } from './gitWorkspace';

/** One URL (fetch or push) of one remote of a workspace repository. */
export interface WorkspaceRemoteUrl {
  r: WorkspaceRepository;
  remote: string;
  url: string;
}

/**
 * Every remote URL of the workspace's repositories, remotes in the order a forge picks its project
 * from (origin, upstream, then by name), fetch URL before push URL. A repository whose remotes
 * cannot be read is logged (with the asking service's name) and left out, never failing discovery.
 */
export async function workspaceRemoteUrls(git: GitWorkspace, log: vscode.LogOutputChannel, service: string): Promise<WorkspaceRemoteUrl[]> {
  const out: WorkspaceRemoteUrl[] = [];
  for (const r of git.all()) {
    let remotes: Awaited<ReturnType<typeof r.repo.remotes>> = [];
    try {
      remotes = await r.repo.remotes();
    } catch (err) {
      log.warn(`${service}: could not read the remotes of ${r.repo.root}: ${errorMessage(err)}`);
    }
    for (const remote of byRemotePreference(remotes)) {
      for (const url of [remote.fetchUrl, remote.pushUrl]) if (url) out.push({ r, remote: remote.name, url });
    }
  }
  return out;
}
