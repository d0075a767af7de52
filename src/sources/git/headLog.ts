import { watch, type FSWatcher } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';

/** How long a burst of HEAD updates (a rebase writes one per commit) is waited out before one call. */
const SETTLE_MS = 30;

/**
 * Calls `onMove` soon after HEAD moves in the repository at `root`, with the commit HEAD moved to as
 * the reflog's last entry says (undefined when it cannot tell: ask git). Git appends to the HEAD reflog
 * (`<git dir>/logs/HEAD`) at every commit, checkout, reset, merge or pull, wherever it runs (a terminal
 * included). VS Code's git extension notices such changes a second or more later (it waits out its own
 * file events, then runs `git status`); the reflog is one file to watch and no process. Nothing is
 * watched when the repository keeps no HEAD reflog (`core.logAllRefUpdates=false`, or no commit yet):
 * the caller's slower path still sees the moves. Returns the stop.
 */
export async function watchHeadLog(root: string, onMove: (head: string | undefined) => void): Promise<() => void> {
  const log = await headLogPath(root);
  let watcher: FSWatcher | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const start = (): boolean => {
    try {
      watcher = watch(log, { persistent: false }, (event) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          // Rewritten whole (`git reflog expire`, gc): the watch followed the old file; watch the new one.
          if (event === 'rename' && !stopped) {
            watcher?.close();
            start();
          }
          void lastEntryHead(log).then(onMove);
        }, SETTLE_MS);
      });
      // The file went away under the watch (a repository being rewritten): watched again, HEAD read again.
      watcher.on('error', () => {
        watcher?.close();
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (!stopped) start();
          onMove(undefined);
        }, SETTLE_MS);
      });
      return true;
    } catch {
      return false; // no reflog (yet): nothing to watch
    }
  };
  if (!start()) return () => undefined;
  return () => {
    stopped = true;
    clearTimeout(timer);
    watcher?.close();
  };
}

/**
 * `<git dir>/logs/HEAD`, the git dir found as git finds it from the top of the work tree: `.git` is
 * the directory, or (worktrees, submodules) a file saying `gitdir: <path>`.
 */
export async function headLogPath(root: string): Promise<string> {
  const dotGit = path.join(root, '.git');
  const info = await stat(dotGit).catch(() => undefined);
  if (!info?.isFile()) return path.join(dotGit, 'logs', 'HEAD');
  const pointer = /^gitdir: (.+)$/m.exec(await readFile(dotGit, 'utf8'))?.[1]?.trim();
  return path.join(pointer ? path.resolve(root, pointer) : dotGit, 'logs', 'HEAD');
}

/** Enough of the reflog's end for its last entry (two ids, an identity, a time and a message). */
const TAIL_BYTES = 8192;

/**
 * The commit the reflog's last complete entry moved HEAD to (`<old> <new> <name> <<email>> <time> <tz>\t<message>`),
 * undefined when the file has none (an entry being written, a rewritten empty log) or cannot be read.
 */
export async function lastEntryHead(log: string): Promise<string | undefined> {
  const file = await open(log, 'r').catch(() => undefined);
  if (!file) return undefined;
  try {
    const { size } = await file.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8', 0, bytesRead);
    // Only a line git finished (ends with a newline): the one after it may be half written.
    const lines = text.slice(0, text.lastIndexOf('\n')).split('\n');
    return /^[0-9a-f]{40}(?:[0-9a-f]{24})? ([0-9a-f]{40}(?:[0-9a-f]{24})?) /.exec(lines.at(-1) ?? '')?.[1];
  } catch {
    return undefined;
  } finally {
    await file.close();
  }
}
