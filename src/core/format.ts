/** Small text helpers shared by views, hovers and notes. Pure. */

const UNITS: [number, string][] = [
  [365 * 24 * 3600_000, 'year'],
  [30 * 24 * 3600_000, 'month'],
  [7 * 24 * 3600_000, 'week'],
  [24 * 3600_000, 'day'],
  [3600_000, 'hour'],
  [60_000, 'minute'],
];

/** "3 days ago", "in 2 hours", "just now". */
export function relativeTime(at: number, now: number = Date.now()): string {
  const delta = now - at;
  const abs = Math.abs(delta);
  for (const [size, name] of UNITS) {
    if (abs >= size) {
      const n = Math.floor(abs / size);
      const unit = n === 1 ? name : `${name}s`;
      return delta >= 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
    }
  }
  return 'just now';
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

/** `14:30` today, `Nov 24, 14:30` on another day (local time). */
export function timeText(at: number, now: number): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return date.toDateString() === new Date(now).toDateString()
    ? time
    : `${date.toLocaleDateString('en-US', { month: 'short', day: 'numeric' })}, ${time}`;
}
