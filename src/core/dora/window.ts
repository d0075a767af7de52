/**
 * The period a metric is computed over: the last 7, 30 or 90 days up to now, and the window of the
 * same length just before it, for the trend. Half-open, `[start, end)`, so an event on the boundary
 * belongs to exactly one window.
 */
export const WINDOW_DAYS = [7, 30, 90] as const;
export type WindowDays = (typeof WINDOW_DAYS)[number];

export const DAY_MS = 24 * 3600_000;

export interface TimeWindow {
  start: number;
  end: number;
  days: number;
}

export function currentWindow(now: number, days: number): TimeWindow {
  return { start: now - days * DAY_MS, end: now, days };
}

export function previousWindow(window: TimeWindow): TimeWindow {
  return { start: window.start - window.days * DAY_MS, end: window.start, days: window.days };
}

export function inWindow(at: number, window: TimeWindow): boolean {
  return at >= window.start && at < window.end;
}

/** Index of the day (0 = the window's first 24 hours) an instant falls in, or -1 outside the window. */
export function dayIndex(at: number, window: TimeWindow): number {
  return inWindow(at, window) ? Math.floor((at - window.start) / DAY_MS) : -1;
}

export function isWindowDays(x: unknown): x is WindowDays {
  return typeof x === 'number' && (WINDOW_DAYS as readonly number[]).includes(x);
}
