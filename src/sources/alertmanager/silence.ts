/**
 * Silences made from the editor: matchers prefilled from an alert's labels (the user edits them),
 * a duration such as `2h`, `30m`, `1d` or `1h30m`, an author and a comment. Validated here with
 * the same rules Alertmanager applies, so the user hears about a mistake before the request.
 */
import type { Matcher, PostableSilence } from './api';

export interface SilenceDraft {
  matchers: Matcher[];
  /** `2h`, `30m`, `1d`, `1w`, `1h30m`; ignored when `endsAt` is given. */
  duration?: string;
  /** Epoch ms; default now. */
  startsAt?: number;
  /** Epoch ms. */
  endsAt?: number;
  createdBy: string;
  comment: string;
}

export class SilenceValidationError extends Error {
  override readonly name = 'SilenceValidationError';
  constructor(readonly problems: string[]) {
    super(`invalid silence: ${problems.join('; ')}`);
  }
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MAX_DURATION_MS = 366 * 24 * 3600 * 1000;
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 365 * 86_400_000,
};
// Prometheus duration syntax: units in decreasing order, each at most once (`1h30m`, not `30m1h`).
const DURATION = /^(?:(\d{1,6})y)?(?:(\d{1,6})w)?(?:(\d{1,6})d)?(?:(\d{1,6})h)?(?:(\d{1,6})m)?(?:(\d{1,6})s)?(?:(\d{1,6})ms)?$/;
const DURATION_UNITS = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/** Milliseconds of a duration such as `2h`, `30m`, `1d`, `1h30m`; undefined when not one (or zero). */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim().toLowerCase());
  if (!match || text.trim() === '') {
    return undefined;
  }
  let total = 0;
  DURATION_UNITS.forEach((unit, i) => {
    if (match[i + 1] !== undefined) {
      total += Number(match[i + 1]) * UNIT_MS[unit];
    }
  });
  return total > 0 ? total : undefined;
}

/**
 * Equality matchers for every label of an alert, `alertname` first: the narrowest silence that
 * still covers the alert. The user removes what should not pin it (e.g. `instance`).
 */
export function prefillMatchers(labels: Record<string, string>, exclude: readonly string[] = []): Matcher[] {
  return Object.keys(labels)
    .filter((name) => !exclude.includes(name))
    .sort((a, b) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : a.localeCompare(b)))
    .map((name) => ({ name, value: labels[name], isRegex: false, isEqual: true }));
}

/** Alertmanager's matcher syntax: `name="value"`, `name!="value"`, `name=~"regex"`, `name!~"regex"`. */
export function formatMatcher(matcher: Matcher): string {
  const negated = matcher.isEqual === false;
  const operator = matcher.isRegex ? (negated ? '!~' : '=~') : negated ? '!=' : '=';
  return `${matcher.name}${operator}${JSON.stringify(matcher.value)}`;
}

/** Parses one matcher as `formatMatcher` writes it (the value may also be unquoted); a string explains a failure. */
export function parseMatcher(text: string): Matcher | string {
  const match = /^\s*([^!=~\s]+)\s*(=~|!~|!=|=)\s*(.*?)\s*$/s.exec(text);
  if (!match) {
    return `"${text}" is not a matcher (expected name="value", name!="value", name=~"regex" or name!~"regex")`;
  }
  const [, name, operator, rawValue] = match;
  let value = rawValue;
  if (rawValue.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(rawValue);
      if (typeof parsed !== 'string') {
        throw new Error('not a string');
      }
      value = parsed;
    } catch {
      return `the value of "${name}" is not a valid quoted string`;
    }
  }
  return { name, value, isRegex: operator.endsWith('~'), isEqual: !operator.startsWith('!') };
}

/** Every problem with a draft (empty when it is valid), in words for the user. */
export function validateSilence(draft: SilenceDraft, now: number): string[] {
  const problems: string[] = [];
  if (draft.matchers.length === 0) {
    problems.push('at least one matcher is required');
  }
  for (const matcher of draft.matchers) {
    if (!LABEL_NAME.test(matcher.name)) {
      problems.push(`"${matcher.name}" is not a valid label name`);
    }
    if (matcher.isRegex && compileMatcherRegex(matcher.value) === undefined) {
      problems.push(`the regular expression for "${matcher.name}" is not valid`);
    }
  }
  if (draft.matchers.length > 0 && draft.matchers.every(matchesEmpty)) {
    // Alertmanager refuses these: such a silence would match (almost) every alert.
    problems.push('at least one matcher must not match the empty string');
  }
  if (!draft.createdBy.trim()) {
    problems.push('the author (createdBy) is required');
  }
  if (!draft.comment.trim()) {
    problems.push('a comment is required');
  }
  const window = silenceWindow(draft, now);
  if (typeof window === 'string') {
    problems.push(window);
  }
  return problems;
}

/** The request body for `POST /api/v2/silences`; throws `SilenceValidationError` listing every problem. */
export function buildSilence(draft: SilenceDraft, now: number): PostableSilence {
  const problems = validateSilence(draft, now);
  const window = silenceWindow(draft, now);
  if (problems.length > 0 || typeof window === 'string') {
    throw new SilenceValidationError(problems);
  }
  return {
    matchers: draft.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual !== false })),
    startsAt: new Date(window.startsAt).toISOString(),
    endsAt: new Date(window.endsAt).toISOString(),
    createdBy: draft.createdBy.trim(),
    comment: draft.comment.trim(),
  };
}

/** Whether matchers select an alert with these labels (a missing label is the empty string, as in Alertmanager). */
export function silenceMatches(matchers: readonly Matcher[], labels: Record<string, string>): boolean {
  return matchers.every((matcher) => matcherMatches(matcher, labels[matcher.name] ?? ''));
}

function matcherMatches(matcher: Matcher, value: string): boolean {
  let equal: boolean;
  if (matcher.isRegex) {
    equal = compileMatcherRegex(matcher.value)?.test(value) ?? false;
  } else {
    equal = value === matcher.value;
  }
  return matcher.isEqual === false ? !equal : equal;
}

function matchesEmpty(matcher: Matcher): boolean {
  return matcherMatches(matcher, '');
}

/**
 * Alertmanager's regexes are RE2, anchored at both ends. JavaScript's syntax is close enough to
 * catch real mistakes; RE2's `(?P<name>` groups are translated first.
 */
function compileMatcherRegex(source: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${source.replace(/\(\?P</g, '(?<')})$`, 's');
  } catch {
    return undefined;
  }
}

function silenceWindow(draft: SilenceDraft, now: number): { startsAt: number; endsAt: number } | string {
  const startsAt = draft.startsAt ?? now;
  if (!Number.isFinite(startsAt)) {
    return 'the start time is not valid';
  }
  let endsAt: number;
  if (draft.endsAt !== undefined) {
    endsAt = draft.endsAt;
  } else if (draft.duration !== undefined) {
    const ms = parseDuration(draft.duration);
    if (ms === undefined) {
      return `"${draft.duration}" is not a duration (use e.g. 30m, 2h, 1d, 1h30m)`;
    }
    endsAt = startsAt + ms;
  } else {
    return 'a duration or an end time is required';
  }
  if (!Number.isFinite(endsAt) || endsAt <= startsAt) {
    return 'the silence must end after it starts';
  }
  if (endsAt <= now) {
    return 'the silence must end in the future';
  }
  if (endsAt - startsAt > MAX_DURATION_MS) {
    return 'the silence is longer than a year';
  }
  return { startsAt, endsAt };
}
