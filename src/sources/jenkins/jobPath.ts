/**
 * Where a Jenkins job lives: its item names from the root (`['team', 'app', 'main']` for a branch job of a
 * multibranch project in a folder), and its URL `<instance>/job/team/job/app/job/main/`. Multibranch
 * projects name a branch's job by the branch name with `# % / ? [ ] \` escaped (the branch API's
 * name encoder), so `feature/login` is the item `feature%2Flogin`, itself URL-encoded in the path.
 */

export type JobPath = readonly string[];

const BRANCH_ESCAPES: Record<string, string> = {
  '#': '%23',
  '%': '%25',
  '/': '%2F',
  '?': '%3F',
  '[': '%5B',
  ']': '%5D',
  '\\': '%5C',
};

/** The item name of a branch's job in a multibranch project. */
export function branchJobName(branch: string): string {
  if (branch === '') return '%00';
  if (branch === '.') return '%2E';
  if (branch === '..') return '%2E.';
  return branch.replace(/[#%/?[\]\\]/g, (c) => BRANCH_ESCAPES[c]);
}

/** The instance URL with one trailing slash (`https://ci.example.com/jenkins/`). */
export function instanceBase(url: string): string {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  return u.toString().replace(/\/*$/, '/');
}

/** `<base>job/a/job/b/`: each item name URL-encoded as one path segment. */
export function jobUrl(base: string, path: JobPath): string {
  return base + path.map((name) => `job/${encodeURIComponent(name)}/`).join('');
}

/**
 * A job path as a setting writes it: `team/app`, `job/team/job/app` or a job URL of the instance
 * (`https://ci.example.com/job/team/job/app/`). Undefined when it names no job (empty, or another host).
 */
export function parseJobPath(text: string, base: string): string[] | undefined {
  let rest = text.trim();
  if (/^https?:\/\//i.test(rest)) {
    if (!rest.startsWith(base) && `${rest}/` !== base) return undefined;
    rest = rest.slice(base.length);
  }
  const segments = rest.split('/').filter((s) => s !== '');
  if (segments.length === 0) return undefined;
  if (segments[0] === 'job') {
    const names: string[] = [];
    for (let i = 0; i < segments.length; i += 2) {
      if (segments[i] !== 'job' || segments[i + 1] === undefined) return undefined;
      names.push(safeDecode(segments[i + 1]));
    }
    return names;
  }
  return segments;
}

/** The item names of a job URL Jenkins sent (`…/job/a/job/b/`), or undefined when it is not under `base`. */
export function jobPathOfUrl(url: string, base: string): string[] | undefined {
  if (!url.startsWith(base)) return undefined;
  return parseJobPath(url, base);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `team » app » main`, as Jenkins shows a full name. */
export function jobDisplayPath(path: JobPath): string {
  return path.join(' » ');
}
