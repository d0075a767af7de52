import { createHash } from 'node:crypto';
import { BlameHunk, blameFile } from './blame';
import { isFullSha } from './gitRunner';
import { GitRepository } from './repository';

/** A blame of a file as committed at `head` (the working tree held exactly `head`'s version of it). */
export interface CommittedBlame {
  head: string;
  hunks: readonly BlameHunk[];
}

/**
 * The blame of the working-tree file now, continued from its blame at an earlier HEAD (or this one,
 * after a save): git blames only the commits since and the working tree (`git blame ^<earlier>`,
 * milliseconds where a full blame of a big file with a long history costs seconds), and the lines it
 * leaves at the earlier HEAD take their commit from the earlier blame. Exact: the same line → commit mapping as a full blame. Undefined when that
 * cannot be exact (the earlier HEAD is not an ancestor, e.g. after a branch switch or rebase; or a
 * merge brought lines from history the earlier HEAD does not end): the caller blames in full.
 */
export async function blameSince(
  repo: GitRepository,
  relPath: string,
  earlier: CommittedBlame,
  head: string,
  signal?: AbortSignal,
): Promise<BlameHunk[] | undefined> {
  // The same HEAD (a save since): no merge-base process to ask what is known.
  if (!isFullSha(head) || (earlier.head !== head && !(await repo.isAncestor(earlier.head, head, signal)))) return undefined;
  const recent = await blameFile(repo, relPath, { since: earlier.head, signal });
  // The earlier blame is of this path: lines git followed to another name at the earlier HEAD are not in it.
  if (recent.some((h) => h.commit === earlier.head && h.filename !== relPath)) return undefined;
  return recent.length > 0 ? continueBlame(recent, earlier) : undefined;
}

/**
 * Replaces the hunks a range blame left at the earlier HEAD (its boundary) with the earlier blame's
 * attribution of those lines (`origStartLine` numbers them in the earlier HEAD's version, which the
 * earlier blame covers). Undefined when a boundary is another commit than the earlier HEAD.
 */
export function continueBlame(recent: readonly BlameHunk[], earlier: CommittedBlame): BlameHunk[] | undefined {
  const out: BlameHunk[] = [];
  for (const hunk of recent) {
    if (hunk.commit !== earlier.head) {
      if (hunk.boundary && hunk.committed) return undefined; // history the earlier HEAD does not end: not ours to attribute
      push(out, hunk);
      continue;
    }
    const from = hunk.origStartLine;
    const to = from + hunk.lineCount; // exclusive, lines of the earlier version
    let covered = 0;
    for (const e of earlier.hunks) {
      const start = Math.max(from, e.startLine);
      const end = Math.min(to, e.startLine + e.lineCount);
      if (start >= end) continue;
      if (!e.committed) return undefined; // the earlier blame was not of a committed version after all
      covered += end - start;
      push(out, {
        ...e,
        startLine: hunk.startLine + (start - from),
        lineCount: end - start,
        origStartLine: e.origStartLine + (start - e.startLine),
      });
    }
    if (covered !== hunk.lineCount) return undefined; // the earlier blame does not cover these lines
  }
  return out;
}

/** Appends, merging with the previous hunk when it continues it (as git coalesces its own). */
function push(out: BlameHunk[], hunk: BlameHunk): void {
  const last = out.at(-1);
  if (
    last &&
    last.commit === hunk.commit &&
    last.filename === hunk.filename &&
    last.startLine + last.lineCount === hunk.startLine &&
    last.origStartLine + last.lineCount === hunk.origStartLine
  ) {
    out[out.length - 1] = { ...last, lineCount: last.lineCount + hunk.lineCount };
  } else {
    out.push(hunk);
  }
}

/**
 * Whether `content` is exactly `head`'s version of the file (its git blob id, sha1 or sha256 by the
 * repository's object format): only then can a blame of it be continued at a later HEAD.
 */
export async function isCommittedVersion(
  repo: GitRepository,
  relPath: string,
  head: string,
  content: Buffer,
  signal?: AbortSignal,
): Promise<boolean> {
  if (!isFullSha(head)) return false;
  const out = await repo.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${head}:${relPath}`], {
    okExitCodes: [0, 1, 128],
    signal,
  });
  const blob = out.stdout.toString('utf8').trim();
  if (out.exitCode !== 0 || !isFullSha(blob)) return false;
  const hash = createHash(blob.length === 64 ? 'sha256' : 'sha1');
  hash.update(`blob ${content.length}\0`).update(content);
  return hash.digest('hex') === blob;
}
