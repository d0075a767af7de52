import type { DoraReport, Tile } from './model';

/**
 * The export a team checks against its own tools: the report as JSON (every event, nothing cut), and
 * the same as one CSV table, a row per metric then a row per event behind it (RFC 4180 quoting).
 */
export function reportJson(report: DoraReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const COLUMNS = [
  'row',
  'metric',
  'title',
  'value',
  'display',
  'band',
  'previous',
  'trend',
  'edition',
  'environment',
  'service',
  'window_start',
  'window_end',
  'event_ref',
  'event_kind',
  'event_title',
  'event_at',
  'event_value',
];

export function reportCsv(report: DoraReport): string {
  const rows: unknown[][] = [COLUMNS];
  const context = [report.edition, report.environment, report.service ?? '', iso(report.window.start), iso(report.window.end)];
  const tiles: Tile[] = [...report.keys, ...report.phases];
  for (const t of tiles) {
    rows.push([
      'metric',
      t.key,
      t.title,
      t.value ?? '',
      t.display,
      t.band ?? '',
      t.previous ?? '',
      t.trend,
      ...context,
      '',
      '',
      '',
      '',
      '',
    ]);
  }
  for (const t of tiles) {
    for (const e of t.events) {
      rows.push(['event', t.key, t.title, '', '', '', '', '', ...context, e.ref, e.kind, e.title, iso(e.at), e.value]);
    }
  }
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(value: unknown): string {
  const text = String(value);
  // A leading = + - @ would be a formula to a spreadsheet: quote it with a ' so remote titles cannot run one.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function iso(at: number): string {
  return new Date(at).toISOString();
}
