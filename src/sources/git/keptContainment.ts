import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Logger } from '../../core/logger';
import { isFullSha } from './gitRunner';

/** Answers to "does deployed commit D contain commit C?", by D then C (what ContainmentCache keeps). */
export type ContainmentAnswers = ReadonlyMap<string, ReadonlyMap<string, boolean | null>>;

/**
 * One repository's containment answers kept on disk between sessions (in the extension's storage), so
 * a restored editor's lenses need no history read: reading the ancestry of 50 deploys on a
 * 10,000-commit history costs git 0.3–1.5 s while the window starts. An answer never goes stale
 * (commits are immutable); "cannot tell" answers (a commit not in the clone) are not kept. Bounded
 * by `maxCommits` and `maxDeployed`, the latest deploys kept first: the rest stays in memory only. A file that does not read back
 * (damaged, another version) is ignored, and the history is read again.
 *
 * Stored as one commit table and, per deployed commit, one character per commit of the table:
 * `1` contains, `0` does not, `.` not asked (50 deploys × 2,000 commits is about 180 KB).
 */
export class KeptContainment {
  private writing?: Promise<void>;
  private again = false;

  constructor(
    private readonly file: string,
    private readonly logger: Logger,
    private readonly maxCommits = 20_000,
    private readonly maxDeployed = 200,
  ) {}

  /** The answers of the repository at `root`, in a file of their own in `dir`. */
  static of(root: string, dir: string, logger: Logger): KeptContainment {
    return new KeptContainment(path.join(dir, `${createHash('sha256').update(root).digest('hex').slice(0, 32)}.json`), logger);
  }

  async load(): Promise<Map<string, Map<string, boolean>>> {
    const answers = new Map<string, Map<string, boolean>>();
    let kept: { version?: unknown; commits?: unknown; answers?: unknown };
    try {
      kept = JSON.parse(await readFile(this.file, 'utf8')) as typeof kept;
    } catch {
      return answers; // none kept yet (or unreadable): the history is read
    }
    const commits = kept.commits;
    const byDeployed = kept.answers;
    if (
      kept.version !== VERSION ||
      !Array.isArray(commits) ||
      !commits.every(isFullSha) ||
      typeof byDeployed !== 'object' ||
      byDeployed === null ||
      !Object.entries(byDeployed).every(([d, row]) => isFullSha(d) && typeof row === 'string' && row.length === commits.length)
    ) {
      this.logger.debug(`Kept containment ${path.basename(this.file)} does not read back: the history is read again`);
      return answers;
    }
    for (const [deployed, row] of Object.entries(byDeployed as Record<string, string>)) {
      const byCommit = new Map<string, boolean>();
      for (let i = 0; i < row.length; i++) if (row[i] !== '.') byCommit.set(commits[i] as string, row[i] === '1');
      answers.set(deployed, byCommit);
    }
    return answers;
  }

  /**
   * Writes these answers (all of them, replacing what was kept). Calls made while a write is under way
   * are folded into one more write of the latest answers, read when it starts.
   */
  keep(answers: () => ContainmentAnswers): Promise<void> {
    if (this.writing) {
      this.again = true;
      return this.writing;
    }
    this.writing = (async () => {
      do {
        this.again = false;
        await this.write(answers());
      } while (this.again);
    })().finally(() => (this.writing = undefined));
    return this.writing;
  }

  /** Resolves once no write is under way (a closing window, tests). */
  async flushed(): Promise<void> {
    await this.writing;
  }

  private async write(answers: ContainmentAnswers): Promise<void> {
    // The deployed commits asked last (a Map keeps the order they were first asked in): older deploys
    // go first, and when the commit table is full, what is left out is about them.
    const deployed = [...answers.keys()].slice(-this.maxDeployed).reverse();
    const index = new Map<string, number>();
    for (const d of deployed) {
      for (const [commit, answer] of answers.get(d)!) {
        if (answer !== null && !index.has(commit) && index.size < this.maxCommits) index.set(commit, index.size);
      }
    }
    const rows: Record<string, string> = {};
    for (const d of deployed) {
      const row = new Array<string>(index.size).fill('.');
      for (const [commit, answer] of answers.get(d)!) {
        const at = index.get(commit);
        if (at !== undefined && answer !== null) row[at] = answer ? '1' : '0';
      }
      if (row.some((c) => c !== '.')) rows[d] = row.join('');
    }
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      // Written aside, then renamed: a window closing mid-write leaves the last complete file.
      const aside = `${this.file}.${process.pid}.tmp`;
      await writeFile(aside, JSON.stringify({ version: VERSION, commits: [...index.keys()], answers: rows }));
      await rename(aside, this.file);
    } catch (error) {
      this.logger.debug(`Could not keep containment answers in ${this.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Bumped when the file's shape changes: older files are then ignored. */
const VERSION = 1;
