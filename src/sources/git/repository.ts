import { Logger, silentLogger } from '../../core/logger';
import { GitRunOptions, GitRunner, assertSafeRevision, isFullSha, splitNul } from './gitRunner';

/** Read access to one repository through the git CLI; every method runs one bounded git process. */

export interface CommitRecord {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  /** Milliseconds since the epoch. */
  authorTime: number;
  committerTime: number;
  /** First line of the message. */
  subject: string;
  /** The message after the subject (trimmed). */
  body: string;
}

export interface TagInfo {
  name: string;
  /** The commit the tag points at (annotated tags peeled). */
  commit: string;
  /** Tagger date for annotated tags, committer date for lightweight ones (ms). */
  date: number;
  annotated: boolean;
  /** Annotated tag message subject, or the commit subject for lightweight tags. */
  subject: string;
}

export interface BranchInfo {
  /** Short name, e.g. `main` or `origin/main`. */
  name: string;
  /** Full ref name. */
  ref: string;
  commit: string;
  remote: boolean;
  /** Upstream short name, e.g. `origin/main`, for local branches that track one. */
  upstream?: string;
}

export interface RemoteInfo {
  name: string;
  fetchUrl?: string;
  pushUrl?: string;
}

export interface Identity {
  name: string;
  email: string;
}

export interface LogOptions {
  /** Tip revision; default `HEAD`. */
  to?: string;
  /** Exclusive lower bound (`from..to`); omitted = everything reachable, up to `limit`. */
  from?: string;
  /** Maximum commits returned; default 1000. Always bounded so big histories stay fast. */
  limit?: number;
  /** Only the first-parent chain (the branch's own history). */
  firstParent?: boolean;
  signal?: AbortSignal;
}

// Fields separated by NUL, commits by NUL (`-z`); the message is last so it may hold anything but NUL.
const LOG_FORMAT = '%H%x00%P%x00%an%x00%ae%x00%at%x00%ct%x00%B';
const LOG_FIELDS = 7;

export class GitRepository {
  constructor(
    readonly git: GitRunner,
    /** Absolute path of the working tree root. */
    readonly root: string,
    readonly logger: Logger = silentLogger,
  ) {}

  /** Opens the repository containing `path`, or returns undefined when `path` is not inside one. */
  static async open(runner: GitRunner, logger: Logger = silentLogger): Promise<GitRepository | undefined> {
    try {
      const root = (await runner.text(['rev-parse', '--show-toplevel'])).trim();
      if (!root) {
        return undefined;
      }
      return new GitRepository(runner.withCwd(root), root, logger);
    } catch (err) {
      logger.debug(`not a git repository: ${runner.cwd} (${(err as Error).message})`);
      return undefined;
    }
  }

  /** The commit HEAD points at, or undefined in a repository without commits. */
  head(signal?: AbortSignal): Promise<string | undefined> {
    return this.resolveRef('HEAD', signal);
  }

  /** The current branch's short name, or undefined when HEAD is detached. */
  async currentBranch(signal?: AbortSignal): Promise<string | undefined> {
    const out = await this.git.text(['symbolic-ref', '--quiet', '--short', 'HEAD'], { okExitCodes: [0, 1], signal });
    return out.trim() || undefined;
  }

  /** A remote's default branch as the last fetch recorded it (`refs/remotes/<remote>/HEAD`), e.g. `main`. */
  async remoteDefaultBranch(remote: string, signal?: AbortSignal): Promise<string | undefined> {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(remote)) return undefined;
    const out = await this.git.text(['symbolic-ref', '--quiet', '--short', `refs/remotes/${remote}/HEAD`], {
      okExitCodes: [0, 1, 128],
      signal,
    });
    const name = out.trim();
    return name.startsWith(`${remote}/`) ? name.slice(remote.length + 1) : undefined;
  }

  /** The full commit SHA a revision names, or undefined when it names no commit. */
  async resolveRef(rev: string, signal?: AbortSignal): Promise<string | undefined> {
    assertSafeRevision(rev);
    const out = await this.git.text(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], {
      okExitCodes: [0, 1, 128],
      signal,
    });
    const sha = out.trim();
    return isFullSha(sha) ? sha : undefined;
  }

  /** Local and remote-tracking branches. */
  async branches(signal?: AbortSignal): Promise<BranchInfo[]> {
    const out = await this.git.text(
      ['for-each-ref', '--format=%(refname)%00%(objectname)%00%(upstream:short)%00', 'refs/heads', 'refs/remotes'],
      { signal },
    );
    return fixedRecords(out, 3).flatMap(([ref, commit, upstream]) => {
      if (!isFullSha(commit) || ref.endsWith('/HEAD')) {
        return [];
      }
      const remote = ref.startsWith('refs/remotes/');
      const name = ref.replace(/^refs\/(heads|remotes)\//, '');
      return [{ name, ref, commit, remote, ...(upstream ? { upstream } : {}) }];
    });
  }

  /** Tags that point (possibly through an annotated tag) at a commit, newest first, ties by version. */
  async tags(signal?: AbortSignal): Promise<TagInfo[]> {
    const format =
      [
        '%(refname:strip=2)',
        '%(objecttype)',
        '%(objectname)',
        '%(*objecttype)',
        '%(*objectname)',
        '%(creatordate:unix)',
        '%(contents:subject)',
      ].join('%00') + '%00';
    const out = await this.git.text(['for-each-ref', `--format=${format}`, 'refs/tags'], { signal });
    const tags: TagInfo[] = [];
    for (const [name, type, object, peeledType, peeled, date, subject] of fixedRecords(out, 7)) {
      const annotated = type === 'tag';
      const commit = annotated ? peeled : object;
      if ((annotated ? peeledType : type) !== 'commit' || !isFullSha(commit)) {
        this.logger.debug(`git: tag ${name} does not point at a commit; skipped`);
        continue;
      }
      tags.push({ name, commit, date: Number(date) * 1000, annotated, subject });
    }
    return tags.sort((a, b) => b.date - a.date || compareVersionsDesc(a.name, b.name));
  }

  /** The nearest tag reachable from `rev` (default HEAD), or undefined when there is none. */
  async lastTag(rev = 'HEAD', signal?: AbortSignal): Promise<string | undefined> {
    assertSafeRevision(rev);
    const out = await this.git.text(['describe', '--tags', '--abbrev=0', '--end-of-options', rev], { okExitCodes: [0, 128], signal });
    return out.trim() || undefined;
  }

  /**
   * Commits of `from..to` (or reachable from `to`), newest first, at most `limit`.
   * Messages are read NUL-separated, so newlines or control characters in them cannot break parsing.
   */
  async log(options: LogOptions = {}): Promise<CommitRecord[]> {
    const to = options.to ?? 'HEAD';
    assertSafeRevision(to);
    if (options.from !== undefined) {
      assertSafeRevision(options.from);
    }
    const limit = Math.max(1, Math.min(options.limit ?? 1000, 100_000));
    const args = ['log', '-z', `--format=${LOG_FORMAT}`, `--max-count=${limit}`, '--no-color', '--no-show-signature'];
    if (options.firstParent) {
      args.push('--first-parent');
    }
    args.push('--end-of-options', to);
    if (options.from !== undefined) {
      args.push(`^${options.from}`);
    }
    args.push('--');
    const out = await this.git.text(args, { signal: options.signal });
    return parseLog(out, this.logger);
  }

  /** Whether `ancestor` is `descendant` or one of its ancestors (one process; see ContainmentCache for batches). */
  async isAncestor(ancestor: string, descendant: string, signal?: AbortSignal): Promise<boolean> {
    assertSafeRevision(ancestor);
    assertSafeRevision(descendant);
    const { exitCode } = await this.git.run(['merge-base', '--is-ancestor', ancestor, descendant], { okExitCodes: [0, 1], signal });
    return exitCode === 0;
  }

  async remotes(signal?: AbortSignal): Promise<RemoteInfo[]> {
    const entries = await this.configEntries(/^remote\..*\.(url|pushurl)$/, signal);
    const byName = new Map<string, RemoteInfo>();
    for (const [key, value] of entries) {
      const match = /^remote\.(.+)\.(url|pushurl)$/.exec(key);
      if (!match) {
        continue;
      }
      const remote = byName.get(match[1]) ?? { name: match[1] };
      if (match[2] === 'url' && remote.fetchUrl === undefined) {
        remote.fetchUrl = value;
      } else if (match[2] === 'pushurl' && remote.pushUrl === undefined) {
        remote.pushUrl = value;
      }
      byName.set(match[1], remote);
    }
    return [...byName.values()];
  }

  /** The remote the current branch tracks, else `origin`, else the only remote. */
  async defaultRemote(signal?: AbortSignal): Promise<string | undefined> {
    const remotes = (await this.remotes(signal)).map((r) => r.name);
    const branch = await this.currentBranch(signal);
    if (branch) {
      const upstream = await this.configValue(`branch.${branch}.remote`, signal);
      if (upstream && remotes.includes(upstream)) {
        return upstream;
      }
    }
    if (remotes.includes('origin')) {
      return 'origin';
    }
    return remotes.length === 1 ? remotes[0] : undefined;
  }

  /** `user.name` / `user.email` from the effective config; empty strings when unset. */
  async userIdentity(signal?: AbortSignal): Promise<Identity> {
    const [name, email] = await Promise.all([this.configValue('user.name', signal), this.configValue('user.email', signal)]);
    return { name: name ?? '', email: email ?? '' };
  }

  /** One config value (last one wins, as git reads it), or undefined. */
  async configValue(key: string, signal?: AbortSignal): Promise<string | undefined> {
    const out = await this.git.text(['config', '-z', '--get', '--end-of-options', key], { okExitCodes: [0, 1], signal });
    const [value] = splitNul(out);
    return value;
  }

  /** All effective config entries whose key matches, with their scope (`local`, `global`, `command`...). */
  async configEntries(keyPattern: RegExp, signal?: AbortSignal): Promise<Array<[key: string, value: string, scope: string]>> {
    const out = await this.git.text(['config', '--list', '--show-scope', '-z'], { okExitCodes: [0, 1], signal });
    const entries: Array<[string, string, string]> = [];
    const parts = splitNul(out);
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const scope = parts[i];
      const newline = parts[i + 1].indexOf('\n');
      const key = newline < 0 ? parts[i + 1] : parts[i + 1].slice(0, newline);
      const value = newline < 0 ? '' : parts[i + 1].slice(newline + 1);
      if (keyPattern.test(key)) {
        entries.push([key, value, scope]);
      }
    }
    return entries;
  }

  /** Which of these object names exist in the repository as commits (one `cat-file --batch-check`). */
  async existingCommits(shas: Iterable<string>, signal?: AbortSignal): Promise<Set<string>> {
    const wanted = [...new Set([...shas].filter(isFullSha))];
    const found = new Set<string>();
    if (wanted.length === 0) {
      return found;
    }
    const out = await this.git.text(['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
      stdin: wanted.join('\n') + '\n',
      signal,
    });
    for (const line of out.split('\n')) {
      const [sha, type] = line.split(' ');
      if (type === 'commit' && isFullSha(sha)) {
        found.add(sha);
      }
    }
    return found;
  }

  /** The best common ancestor of two commits, or undefined when they share none. */
  async mergeBase(a: string, b: string, signal?: AbortSignal): Promise<string | undefined> {
    assertSafeRevision(a);
    assertSafeRevision(b);
    const out = await this.git.text(['merge-base', '--end-of-options', a, b], { okExitCodes: [0, 1], signal });
    const sha = out.trim();
    return isFullSha(sha) ? sha : undefined;
  }

  /** Files changed between two commits, as `git diff --name-status` letters (no renames), at most `limit`. */
  async changedFiles(from: string, to: string, limit: number, signal?: AbortSignal): Promise<Array<{ status: string; path: string }>> {
    assertSafeRevision(from);
    assertSafeRevision(to);
    const out = await this.git.text(['diff', '--name-status', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', from, to, '--'], {
      signal,
    });
    const parts = splitNul(out);
    const files: Array<{ status: string; path: string }> = [];
    for (let i = 0; i + 1 < parts.length && files.length < limit; i += 2) files.push({ status: parts[i], path: parts[i + 1] });
    return files;
  }

  /** A file's bytes at a commit, or undefined when the path does not exist there. */
  async fileAt(rev: string, path: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer | undefined> {
    if (!isFullSha(rev)) throw new Error(`not a full commit SHA: ${rev.slice(0, 80)}`);
    const result = await this.git.run(['show', '--no-textconv', `${rev}:${path}`], {
      okExitCodes: [0, 128],
      maxOutputBytes: maxBytes,
      signal,
    });
    return result.exitCode === 0 ? result.stdout : undefined;
  }

  /** Runs git in this repository (for the other modules of this folder). */
  run(args: readonly string[], opts?: GitRunOptions) {
    return this.git.run(args, opts);
  }
}

/** Parses `git log -z --format=LOG_FORMAT` output. */
export function parseLog(out: string, logger: Logger = silentLogger): CommitRecord[] {
  const parts = out.split('\0');
  const commits: CommitRecord[] = [];
  for (let i = 0; i + LOG_FIELDS - 1 < parts.length; i += LOG_FIELDS) {
    const [sha, parents, authorName, authorEmail, authorTime, committerTime, message] = parts.slice(i, i + LOG_FIELDS);
    if (!isFullSha(sha)) {
      // Only a NUL inside a message can get here; stop rather than mis-assign fields.
      logger.warn(`git log: unexpected record at commit #${commits.length}; rest of the log skipped`);
      break;
    }
    const newline = message.indexOf('\n');
    commits.push({
      sha,
      parents: parents ? parents.split(' ') : [],
      authorName,
      authorEmail,
      authorTime: Number(authorTime) * 1000,
      committerTime: Number(committerTime) * 1000,
      subject: (newline < 0 ? message : message.slice(0, newline)).trim(),
      body: newline < 0 ? '' : message.slice(newline + 1).trim(),
    });
  }
  return commits;
}

/**
 * Splits `for-each-ref` output whose format is `field%00field%00...%00` (one line per ref) into
 * records of `count` fields. Ref names cannot hold NUL or newline, so the split is unambiguous.
 */
function fixedRecords(out: string, count: number): string[][] {
  const parts = out.split('\0');
  const records: string[][] = [];
  for (let i = 0; i + count <= parts.length; i += count) {
    const record = parts.slice(i, i + count);
    record[0] = record[0].replace(/^\n/, '');
    if (record[0] === '' && i + count === parts.length) {
      break;
    }
    records.push(record);
  }
  return records;
}

/** Orders `v1.10.0` after `v1.9.0` (descending), falling back to plain string order. */
export function compareVersionsDesc(a: string, b: string): number {
  const pa = a.match(/\d+/g)?.map(Number) ?? [];
  const pb = b.match(/\d+/g)?.map(Number) ?? [];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pb[i] ?? -1) - (pa[i] ?? -1);
    if (diff !== 0) {
      return diff;
    }
  }
  return b < a ? -1 : b > a ? 1 : 0;
}
