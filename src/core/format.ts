/** Small text helpers shared by views, hovers and notes. Pure. */

const UNITS: [number, Intl.RelativeTimeFormatUnit][] = [
  [365 * 24 * 3600_000, 'year'],
  [30 * 24 * 3600_000, 'month'],
  [7 * 24 * 3600_000, 'week'],
  [24 * 3600_000, 'day'],
  [3600_000, 'hour'],
  [60_000, 'minute'],
];

/**
 * How far ahead of our clock a server's timestamp may be and still read "just now": servers' clocks drift, and an
 * alert that started "in 1 minute" reads as a bug.
 */
const CLOCK_SKEW_MS = 2 * 60_000;

let requestedLocale = 'en';
let displayLocale: string | undefined = 'en';
const formats = new Map<string, Intl.RelativeTimeFormat>();

/**
 * The language of the UI (VS Code's `env.language`), for relative times and dates; unknown tags fall back to English.
 * Checked on first use, not here: loading the locale data costs ~20 ms that activation need not pay.
 */
export function setDisplayLocale(locale: string): void {
  requestedLocale = locale;
  displayLocale = undefined;
}

function currentLocale(): string {
  if (displayLocale === undefined) {
    try {
      const supported = Intl.RelativeTimeFormat.supportedLocalesOf([requestedLocale])[0] ?? 'en';
      displayLocale = /^en\b/i.test(supported) ? 'en' : supported;
    } catch {
      displayLocale = 'en'; // A malformed language tag.
    }
  }
  return displayLocale;
}

function relativeFormat(locale: string): Intl.RelativeTimeFormat {
  let format = formats.get(locale);
  if (!format) formats.set(locale, (format = new Intl.RelativeTimeFormat(locale, { numeric: 'always' })));
  return format;
}

/** "3 days ago", "in 2 hours", "just now" (in the display locale: "vor 3 Tagen"); a time slightly ahead of ours is "just now". */
export function relativeTime(at: number, now: number = Date.now(), locale: string = currentLocale()): string {
  const delta = now - at;
  if (!Number.isFinite(delta)) return 'unknown time';
  const abs = Math.abs(delta);
  if (delta < 0 && abs < CLOCK_SKEW_MS) return justNow(locale);
  for (const [size, unit] of UNITS) {
    if (abs >= size) {
      const n = Math.floor(abs / size);
      if (locale === 'en') {
        const name = n === 1 ? unit : `${unit}s`;
        return delta >= 0 ? `${n} ${name} ago` : `in ${n} ${name}`;
      }
      return relativeFormat(locale).format(delta >= 0 ? -n : n, unit);
    }
  }
  return justNow(locale);
}

function justNow(locale: string): string {
  return locale === 'en' ? 'just now' : new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(0, 'second');
}

/** "2 hours ago (14:30)", "3 days ago (Nov 29, 09:12)": the relative time a person reads, with the exact local time. */
export function whenText(at: number, now: number = Date.now()): string {
  return `${relativeTime(at, now)} (${timeText(at, now)})`;
}

/** "1 h 02 min", "45 s". */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 8);
}

/** Cuts a remote string for one-line display; control characters become spaces. */
export function oneLine(text: string, max = 120): string {
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** `14:30` today, `Nov 24, 14:30` on another day (local time, in the display locale's date words). */
export function timeText(at: number, now: number, locale: string = currentLocale()): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  const dateLocale = locale === 'en' ? 'en-US' : locale;
  return date.toDateString() === new Date(now).toDateString()
    ? time
    : `${date.toLocaleDateString(dateLocale, { month: 'short', day: 'numeric' })}, ${time}`;
}
