import { watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';

/** How long a burst of HEAD updates (a rebase writes one per commit) is waited out before one call. */
const SETTLE_MS = 30;

/**
 * Calls `onMove` soon after HEAD moves in the repository at `root`: git appends to the HEAD reflog
 * (`<git dir>/logs/HEAD`) at every commit, checkout, reset, merge or pull, wherever it runs (a terminal
 * included). VS Code's git extension notices such changes a second or more later (it waits out its own
 * file events, then runs `git status`); the reflog is one file to watch and no process. Nothing is
 * watched when the repository keeps no HEAD reflog (`core.logAllRefUpdates=false`, or no commit yet):
 * the caller's slower path still sees the moves. Returns the stop.
 */
export async function watchHeadLog(root: string, onMove: () => void): Promise<() => void> {
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
          onMove();
        }, SETTLE_MS);
      });
      // The file went away under the watch (a repository being rewritten): watched again, HEAD read again.
      watcher.on('error', () => {
        watcher?.close();
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (!stopped) start();
          onMove();
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
