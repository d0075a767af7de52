import { StringDecoder } from 'node:string_decoder';
import { Logger, silentLogger } from '../../core/logger';
import { GitError, assertSafeRevision, isFullSha } from './gitRunner';
import { GitRepository } from './repository';

/** `git blame --porcelain` for one file, as hunks of consecutive lines that come from one commit. */

export interface BlameHunk {
  /** 1-based first line in the blamed version (the buffer, when `contents` was given). */
  startLine: number;
  lineCount: number;
  /** Full SHA; all zeros for lines not committed yet (see `committed`). */
  commit: string;
  /** False for lines that exist only in the working tree / buffer. */
  committed: boolean;
  /** 1-based first line of these lines in `commit`'s version of `filename`. */
  origStartLine: number;
  /** The path in `commit` (differs from the blamed path across renames). */
  filename: string;
  author: string;
  authorMail: string;
  /** Milliseconds since the epoch. */
  authorTime: number;
  summary: string;
  /** The commit is a boundary (root or shallow edge) of the blame walk. */
  boundary: boolean;
}

export interface BlameOptions {
  /** Blame this text instead of the file on disk (unsaved editor buffer); passed as `--contents -`. */
  contents?: string | Buffer;
  /** Blame the file as of this revision instead of the working tree (ignored with `contents`). */
  rev?: string;
  /**
   * Stop at this commit (a full SHA): lines older than it are left to it, marked `boundary`, numbered
   * as in its version (`git blame ^<since>`; see blameSince).
   */
  since?: string;
  signal?: AbortSignal;
  logger?: Logger;
  /**
   * Called with each batch of hunks as git attributes them (`--incremental`): the most recent commits'
   * lines come first, the oldest lines last. The returned blame is the same as without it.
   */
  onHunks?: (hunks: BlameHunk[]) => void;
}

interface CommitInfo {
  author: string;
  authorMail: string;
  authorTime: number;
  summary: string;
  boundary: boolean;
  filename: string;
}

/**
 * Blames `relPath` (relative to the repository root, `/`-separated). Returns [] for a file git does
 * not track. Safe on hostile repositories: textconv is off, and the runner neutralises every
 * filter driver the config defines (blame runs the clean filter on working-tree contents).
 */
export async function blameFile(repo: GitRepository, relPath: string, options: BlameOptions = {}): Promise<BlameHunk[]> {
  const logger = options.logger ?? repo.logger;
  const args = ['blame', options.onHunks ? '--incremental' : '--porcelain', '--no-textconv'];
  if (options.contents !== undefined) {
    args.push('--contents', '-');
  } else if (options.rev !== undefined) {
    assertSafeRevision(options.rev);
    args.push(options.rev);
  }
  if (options.since !== undefined) {
    if (!isFullSha(options.since)) throw new Error(`not a full commit SHA: ${options.since.slice(0, 80)}`);
    args.push(`^${options.since}`);
  }
  args.push('--', relPath);
  try {
    const onHunks = options.onHunks;
    if (onHunks) {
      const parser = new BlameStreamParser();
      const decoder = new StringDecoder('utf8');
      const all: BlameHunk[] = [];
      const take = (found: BlameHunk[]) => {
        if (found.length === 0) return;
        all.push(...found);
        onHunks(found);
      };
      await repo.git.run(args, {
        stdin: options.contents,
        signal: options.signal,
        onStdout: (chunk) => take(parser.push(decoder.write(chunk))),
      });
      take(parser.push(`${decoder.end()}\n`));
      if (all.length === 0 && parser.sawOutput) logger.warn('git blame: output had no recognisable hunks');
      return all.sort((a, b) => a.startLine - b.startLine);
    }
    const out = await repo.git.text(args, { stdin: options.contents, signal: options.signal });
    return parseBlamePorcelain(out, logger);
  } catch (err) {
    if (
      err instanceof GitError &&
      err.kind === 'exit' &&
      /no such path|no such ref|has only \d+ lines?|is outside repository/i.test(err.stderr)
    ) {
      logger.debug(`git blame: ${relPath} is not blameable: ${err.stderr.trim()}`);
      return [];
    }
    throw err;
  }
}

/**
 * Reads `git blame --incremental` as it arrives: an entry is a header, the commit's details the first
 * time it is named, and a `filename` line that always ends it. No file content is printed in this
 * format, so nothing from the file can pose as a field.
 */
export class BlameStreamParser {
  private readonly infos = new Map<string, CommitInfo>();
  private rest = '';
  private current: { sha: string; orig: number; final: number; count: number; info: CommitInfo } | undefined;
  sawOutput = false;

  /** Feeds decoded text; returns the entries it completed. */
  push(text: string): BlameHunk[] {
    const done: BlameHunk[] = [];
    const lines = (this.rest + text).split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') continue;
      this.sawOutput = true;
      const header = HEADER_RE.exec(line);
      if (header && header[4] !== undefined) {
        const sha = header[1];
        let info = this.infos.get(sha);
        if (!info) {
          info = { author: '', authorMail: '', authorTime: 0, summary: '', boundary: false, filename: '' };
          this.infos.set(sha, info);
        }
        this.current = { sha, orig: Number(header[2]), final: Number(header[3]), count: Number(header[4]), info };
        continue;
      }
      const current = this.current;
      if (!current) continue;
      const space = line.indexOf(' ');
      const key = space < 0 ? line : line.slice(0, space);
      const value = space < 0 ? '' : line.slice(space + 1);
      if (key === 'filename') {
        current.info.filename = value;
        done.push({
          startLine: current.final,
          lineCount: current.count,
          commit: current.sha,
          committed: !/^0+$/.test(current.sha),
          origStartLine: current.orig,
          ...current.info,
        });
        this.current = undefined;
      } else readCommitField(current.info, key, value);
    }
    return done;
  }
}

function readCommitField(info: CommitInfo, key: string, value: string): void {
  switch (key) {
    case 'author':
      info.author = value;
      break;
    case 'author-mail':
      info.authorMail = value.replace(/^<|>$/g, '');
      break;
    case 'author-time':
      info.authorTime = Number(value) * 1000;
      break;
    case 'summary':
      info.summary = value;
      break;
    case 'boundary':
      info.boundary = true;
      break;
    case 'filename':
      info.filename = value;
      break;
    default:
      break;
  }
}

const HEADER_RE = /^([0-9a-f]{40}(?:[0-9a-f]{24})?) (\d+) (\d+)(?: (\d+))?$/;

/**
 * Parses `git blame --porcelain` output. Content lines start with a TAB and are never read as
 * headers, so hostile file contents cannot inject fields.
 */
export function parseBlamePorcelain(out: string, logger: Logger = silentLogger): BlameHunk[] {
  const infos = new Map<string, CommitInfo>();
  const hunks: BlameHunk[] = [];
  const lines = out.split('\n');
  let current: { sha: string; orig: number; final: number; count: number } | undefined;
  let info: CommitInfo | undefined;

  const flush = () => {
    if (!current || !info) {
      return;
    }
    hunks.push({
      startLine: current.final,
      lineCount: current.count,
      commit: current.sha,
      committed: !/^0+$/.test(current.sha),
      origStartLine: current.orig,
      ...info,
    });
    current = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('\t')) {
      continue;
    }
    const header = HEADER_RE.exec(line);
    if (header) {
      if (header[4] === undefined) {
        continue; // a later line of the current group
      }
      flush();
      const sha = header[1];
      current = { sha, orig: Number(header[2]), final: Number(header[3]), count: Number(header[4]) };
      info = infos.get(sha);
      if (!info) {
        info = { author: '', authorMail: '', authorTime: 0, summary: '', boundary: false, filename: '' };
        infos.set(sha, info);
      }
      continue;
    }
    if (!info || line === '') {
      continue;
    }
    const space = line.indexOf(' ');
    readCommitField(info, space < 0 ? line : line.slice(0, space), space < 0 ? '' : line.slice(space + 1));
  }
  flush();
  if (hunks.length === 0 && out.trim() !== '') {
    logger.warn('git blame: output had no recognisable hunks');
  }
  return hunks;
}
