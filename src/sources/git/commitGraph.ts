import type { CommitGraph, CommitNode, GraphRequest } from '../../core/dora/firstDeploy';
import { GitError, isFullSha } from './gitRunner';
import { GitRepository } from './repository';

/**
 * The commit graph the DORA metrics walk (core/dora/firstDeploy), read with ONE git process:
 * `git rev-list --parents --timestamp --stdin` fed `include…` and `^exclude…`, i.e. every commit
 * reachable from the period's deploys but not from the ones before it, with its committer time and
 * parents. The answer to "which deploy first contained each commit" then comes from one walk in
 * memory, never from a git process per (commit, deploy) pair (containment.ts asks per deployed
 * commit, which suits a file's blame, not 10,000 deploys). Output is streamed: no size cap applies.
 * Deployed commits missing from this clone are left out first (one `cat-file --batch-check`):
 * rev-list would fail on them.
 */
export async function readCommitGraph(
  repo: GitRepository,
  request: Pick<GraphRequest, 'include' | 'exclude'>,
  signal?: AbortSignal,
  /** Past this many commits git is stopped and the read fails with a `tooLarge` GitError. */
  maxCommits = Infinity,
): Promise<CommitGraph> {
  const graph = new Map<string, CommitNode>();
  const present = await repo.existingCommits([...request.include, ...request.exclude], signal);
  const include = request.include.filter((c) => present.has(c));
  if (include.length === 0) return graph;
  const exclude = request.exclude.filter((c) => present.has(c)).map((c) => `^${c}`);
  let rest = '';
  const parse = (line: string) => {
    const [time, sha, ...parents] = line.split(' ');
    if (sha && isFullSha(sha)) graph.set(sha, { time: Number(time) * 1000, parents: parents.filter(isFullSha) });
  };
  const stop = new AbortController();
  const abort = () => stop.abort();
  signal?.addEventListener('abort', abort, { once: true });
  const args = ['rev-list', '--parents', '--timestamp', '--stdin'];
  try {
    await repo.git.run(args, {
      stdin: [...include, ...exclude].join('\n') + '\n',
      signal: stop.signal,
      onStdout: (chunk) => {
        const lines = (rest + chunk.toString('latin1')).split('\n');
        rest = lines.pop() ?? '';
        lines.forEach(parse);
        if (graph.size > maxCommits) stop.abort();
      },
    });
  } catch (error) {
    if (graph.size > maxCommits && !signal?.aborted)
      throw new GitError(`the history holds more than ${maxCommits} commits`, 'tooLarge', args, undefined, '');
    throw error;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
  if (rest) parse(rest);
  return graph;
}
