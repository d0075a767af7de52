/** Display helpers for remote text: bounded length, readable times. */

/** Longest title shown in the header; the rest is cut with a note. */
export const MAX_TITLE = 1_000;
/** Longest value in a table cell or list line. */
export const MAX_VALUE = 4_000;
/** Longest markdown parsed (marked and DOMPurify run on it), and longest code block shown. */
export const MAX_MARKDOWN = 100_000;
export const MAX_CODE = 200_000;
/** Most entries shown in one list (labels, tags, files, rows, related signals). */
export const MAX_ENTRIES = 500;

export interface Clipped {
  text: string;
  truncated: boolean;
}

export function clip(text: string, max: number): Clipped {
  return text.length <= max ? { text, truncated: false } : { text: text.slice(0, max), truncated: true };
}

export function clipList<T>(items: readonly T[], max = MAX_ENTRIES): { items: readonly T[]; truncated: boolean } {
  return items.length <= max ? { items, truncated: false } : { items: items.slice(0, max), truncated: true };
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "3 hours ago"; `undefined` when the time cannot be shown (out of Date's range). */
export function relativeTime(ms: number, now = Date.now()): string | undefined {
  if (Number.isNaN(new Date(ms).getTime())) {
    return undefined;
  }
  const delta = ms - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(delta) >= size || unit === 'second') {
      return relative.format(Math.round(delta / size), unit);
    }
  }
  return undefined;
}

export function absoluteTime(ms: number): string | undefined {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toLocaleString();
}

export function isoTime(ms: number): string | undefined {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
