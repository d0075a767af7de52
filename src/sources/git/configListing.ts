import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConfigEntry } from './programKeys';

/**
 * The effective config of a repository as git itself resolves it (includes and conditional includes
 * followed), listed once and cached until one of the files it came from, or may come from, changes:
 * every listed file, every include target (also the ones that do not exist yet: a checkout may
 * create one inside the worktree), and the user's global files. A conditional include on the
 * branch (`includeIf "onbranch:..."`) depends on HEAD, so such a listing is never cached.
 */

interface Stamp {
  file: string;
  /** `mtimeMs:ctimeMs:size`, or `-` when the file does not exist. */
  state: string;
}

interface Listing {
  entries: ConfigEntry[];
  stamps: Stamp[] | undefined;
}

const MAX_CACHED = 64;
const cache = new Map<string, Listing>();

/** Parses `git config --list --show-scope --show-origin -z`: `scope NUL origin NUL key LF value NUL`. */
export function parseConfigListing(out: string): ConfigEntry[] {
  const parts = out.split('\0');
  const entries: ConfigEntry[] = [];
  for (let i = 0; i + 2 < parts.length; i += 3) {
    const [scope, origin, pair] = [parts[i], parts[i + 1], parts[i + 2]];
    const newline = pair.indexOf('\n');
    entries.push({
      scope,
      origin,
      key: newline < 0 ? pair : pair.slice(0, newline),
      value: newline < 0 ? '' : pair.slice(newline + 1),
    });
  }
  return entries;
}

/** The listing for `cwd`, from the cache when no file it depends on changed. */
export async function configListing(
  cwd: string,
  env: NodeJS.ProcessEnv,
  list: () => Promise<string>,
  fresh = false,
): Promise<ConfigEntry[]> {
  // The environment chooses the global files, so it is part of the key.
  const key = [cwd, env.HOME, env.XDG_CONFIG_HOME, env.GIT_CONFIG_GLOBAL].join('\0');
  const cached = fresh ? undefined : cache.get(key);
  if (cached?.stamps && cached.stamps.every((s) => stateOf(s.file) === s.state)) return cached.entries;
  const entries = parseConfigListing(await list());
  const stamps = stampsFor(cwd, env, entries);
  cache.delete(key);
  if (stamps) {
    cache.set(key, { entries, stamps });
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  }
  return entries;
}

function stampsFor(cwd: string, env: NodeJS.ProcessEnv, entries: readonly ConfigEntry[]): Stamp[] | undefined {
  const home = env.HOME || os.homedir();
  const files = new Set<string>([
    env.GIT_CONFIG_GLOBAL || path.join(home, '.gitconfig'),
    path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'git', 'config'),
  ]);
  for (const e of entries) {
    const file = originFile(cwd, e.origin);
    if (file) files.add(file);
    const include = /^include(?:if\.(.*))?\.path$/.exec(e.key);
    if (!include) continue;
    if (include[1]?.startsWith('onbranch:')) return undefined;
    const target = includeTarget(e.value, file, home);
    if (target) files.add(target);
  }
  return [...files].map((file) => ({ file, state: stateOf(file) }));
}

function originFile(cwd: string, origin: string): string | undefined {
  if (!origin.startsWith('file:')) return undefined;
  return path.resolve(cwd, origin.slice('file:'.length));
}

/** Where an include directive points: `~/` is the home folder, a relative path is relative to the including file. */
function includeTarget(value: string, includingFile: string | undefined, home: string): string | undefined {
  if (value.startsWith('~/')) return path.join(home, value.slice(2));
  if (path.isAbsolute(value)) return value;
  return includingFile ? path.resolve(path.dirname(includingFile), value) : undefined;
}

function stateOf(file: string): string {
  try {
    const s = fs.statSync(file);
    return `${s.mtimeMs}:${s.ctimeMs}:${s.size}`;
  } catch {
    return '-';
  }
}
