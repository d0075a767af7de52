import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Logger } from '../../core/logger';
import type { BlameHunk } from './blame';
import type { CommittedBlame } from './blameSince';
import { isFullSha } from './gitRunner';

/**
 * Saved-file blames kept on disk between sessions (in the extension's storage), so the
 * editors VS Code restores at start show their lenses without waiting for git: a 15,000-line file's
 * blame costs git about a second alone, several while the window starts. A blame is immutable for its
 * key (repository, path, HEAD and the file's content hash), so a kept one never goes stale;
 * the least recently used are dropped past `max` files. Per path, the last blame of its committed
 * version is also kept, for the next session to continue from once HEAD has moved. A file that does not read back as blame
 * hunks (damaged, another version) is ignored and blamed again.
 */
export class KeptBlames {
  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
    private readonly max = 200,
  ) {}

  async get(key: string): Promise<BlameHunk[] | undefined> {
    return (await this.read(key))?.hunks;
  }

  put(key: string, hunks: readonly BlameHunk[]): Promise<void> {
    return this.write(key, { hunks });
  }

  /**
   * The last blame of a path made when the file was as committed at its HEAD: where the next session's
   * blame continues from (blameSince), so after a pull git blames only the new commits, not the history.
   */
  async lastCommitted(root: string, relPath: string): Promise<CommittedBlame | undefined> {
    const kept = await this.read(committedKey(root, relPath));
    return kept && typeof kept.head === 'string' && isFullSha(kept.head) ? { head: kept.head, hunks: kept.hunks } : undefined;
  }

  keepCommitted(root: string, relPath: string, blame: CommittedBlame): Promise<void> {
    return this.write(committedKey(root, relPath), blame);
  }

  private async read(key: string): Promise<{ hunks: BlameHunk[]; head?: unknown } | undefined> {
    const file = this.fileFor(key);
    try {
      const kept = JSON.parse(await readFile(file, 'utf8')) as { version?: unknown; key?: unknown; hunks?: unknown; head?: unknown };
      if (kept.version !== VERSION || kept.key !== key || !Array.isArray(kept.hunks) || !kept.hunks.every(isHunk)) {
        this.logger.debug(`Kept blame ${path.basename(file)} does not read back: blamed again`);
        return undefined;
      }
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined); // most recently used: kept longest
      return { hunks: kept.hunks, head: kept.head };
    } catch {
      return undefined; // not kept (or unreadable): git blames it
    }
  }

  private async write(key: string, blame: { hunks: readonly BlameHunk[]; head?: string }): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(this.fileFor(key), JSON.stringify({ version: VERSION, key, ...blame }));
      await this.prune();
    } catch (error) {
      this.logger.debug(`Could not keep a blame in ${this.dir}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async prune(): Promise<void> {
    const names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    if (names.length <= this.max) return;
    const aged = await Promise.all(
      names.map(async (n) => ({ n, at: (await stat(path.join(this.dir, n)).catch(() => undefined))?.mtimeMs ?? 0 })),
    );
    aged.sort((a, b) => a.at - b.at);
    await Promise.all(aged.slice(0, names.length - this.max).map(({ n }) => rm(path.join(this.dir, n), { force: true })));
  }

  private fileFor(key: string): string {
    return path.join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
  }
}

function committedKey(root: string, relPath: string): string {
  return ['committed', root, relPath].join('\u0000');
}

/** Bumped when BlameHunk changes shape: older kept blames are then blamed again. */
const VERSION = 1;

function isHunk(value: unknown): value is BlameHunk {
  const h = value as Record<string, unknown>;
  return (
    typeof h === 'object' &&
    h !== null &&
    Number.isInteger(h.startLine) &&
    Number.isInteger(h.lineCount) &&
    Number.isInteger(h.origStartLine) &&
    typeof h.commit === 'string' &&
    isFullSha(h.commit) &&
    typeof h.committed === 'boolean' &&
    typeof h.filename === 'string' &&
    typeof h.author === 'string' &&
    typeof h.authorMail === 'string' &&
    typeof h.authorTime === 'number' &&
    typeof h.summary === 'string' &&
    typeof h.boundary === 'boolean'
  );
}
