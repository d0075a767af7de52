/**
 * Branch names for "Start work on item", from a template such as `{number}-{slug}` or
 * `{user}/{type}/{number}-{slug}`, checked against git's ref-name rules
 * (`git check-ref-format --branch`, reimplemented here so no process is spawned and no remote string
 * ever reaches a command line; the tests compare it with the real git on hostile inputs).
 */

export interface BranchNameInput {
  number: number | string;
  title: string;
  /** e.g. `feature`, `fix`; see `workTypeFromLabels`. */
  type?: string;
  /** The signed-in user's login. */
  user?: string;
}

export type BranchNameResult = { ok: true; name: string } | { ok: false; reason: string };

export const DEFAULT_BRANCH_TEMPLATE = '{number}-{slug}';
const PLACEHOLDERS = ['number', 'slug', 'title', 'type', 'user'] as const;
const DEFAULT_SLUG_LENGTH = 50;

/**
 * A lower-case ASCII slug: accents folded, anything else becomes `-`, at most `maxLength` characters
 * cut at a word boundary when possible. Empty when the title has no letter or digit.
 */
export function slugify(title: string, maxLength = DEFAULT_SLUG_LENGTH): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) {
    return slug;
  }
  const cut = slug.slice(0, maxLength);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash >= maxLength / 2 ? cut.slice(0, lastDash) : cut).replace(/-+$/, '');
}

/** `fix` for items labelled as bugs, `feature` otherwise. */
export function workTypeFromLabels(labels: readonly string[]): string {
  return labels.some((l) => /\b(bug|defect|fix|regression)\b/i.test(l)) ? 'fix' : 'feature';
}

export function branchNameFromTemplate(template: string, input: BranchNameInput): BranchNameResult {
  const unknown = [...template.matchAll(/\{([^{}]*)\}/g)]
    .map((m) => m[1])
    .filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    return {
      ok: false,
      reason: `Unknown placeholder {${unknown[0]}} in branch template; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`,
    };
  }
  const values: Record<(typeof PLACEHOLDERS)[number], string> = {
    number: slugify(String(input.number), 20),
    slug: slugify(input.title) || 'work',
    title: slugify(input.title) || 'work',
    type: slugify(input.type ?? 'feature', 20) || 'feature',
    // Logins are `[A-Za-z0-9-]`; slugify keeps them readable and safe all the same.
    user: slugify(input.user ?? '', 39) || 'me',
  };
  const name = template.replace(/\{(number|slug|title|type|user)\}/g, (_, key: (typeof PLACEHOLDERS)[number]) => values[key]);
  const reason = checkBranchName(name);
  return reason ? { ok: false, reason } : { ok: true, name };
}

/**
 * Why `name` is not a valid branch name per `git check-ref-format --branch`, or undefined when it is.
 * The rules, from git's documentation of check-ref-format:
 */
export function checkBranchName(name: string): string | undefined {
  if (name.length === 0) {
    return 'A branch name cannot be empty.';
  }
  if (name.startsWith('-')) {
    return 'A branch name cannot begin with "-".';
  }
  if (name === 'HEAD') {
    return 'A branch name cannot be "HEAD".';
  }
  // 4, 5, 10: no control characters, space, ~ ^ : ? * [ or backslash anywhere.
  const bad = /[\x00-\x20\x7f~^:?*[\\]/.exec(name);
  if (bad) {
    return `A branch name cannot contain ${describe(bad[0])}.`;
  }
  if (name.includes('..')) {
    return 'A branch name cannot contain "..".';
  }
  if (name.includes('@{')) {
    return 'A branch name cannot contain "@{".';
  }
  // 6: no leading or trailing slash, no empty component.
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) {
    return 'A branch name cannot begin or end with "/" or contain "//".';
  }
  // 7: cannot end with a dot.
  if (name.endsWith('.')) {
    return 'A branch name cannot end with ".".';
  }
  // 1: no component begins with a dot or ends with `.lock`.
  for (const component of name.split('/')) {
    if (component.startsWith('.')) {
      return 'No part of a branch name can begin with ".".';
    }
    if (component.endsWith('.lock')) {
      return 'No part of a branch name can end with ".lock".';
    }
  }
  return undefined;
}

function describe(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === ' ') {
    return 'spaces';
  }
  if (code < 0x20 || code === 0x7f) {
    return `control characters (U+${code.toString(16).padStart(4, '0').toUpperCase()})`;
  }
  return `"${ch}"`;
}
