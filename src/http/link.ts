/**
 * The `Link` response header (RFC 8288) as forges and trackers send it (offset and keyset pagination, cursors):
 * `<url>; rel="next"; results="true", <url>; rel="last"`. Linear, tolerant of spacing and unquoted
 * values; commas inside `<...>` belong to the URL.
 */

export interface LinkEntry {
  url: string;
  rel?: string;
  /** Every parameter, names lower-cased, values unquoted (e.g. `results`, `cursor`). */
  params: Record<string, string>;
}

const MAX_ENTRIES = 20;

export function parseLinkHeader(header: string | undefined): LinkEntry[] {
  const entries: LinkEntry[] = [];
  if (!header) return entries;
  let i = 0;
  while (i < header.length && entries.length < MAX_ENTRIES) {
    const open = header.indexOf('<', i);
    if (open < 0) break;
    const close = header.indexOf('>', open);
    if (close < 0) break;
    const nextOpen = header.indexOf('<', close);
    const params: Record<string, string> = {};
    for (const part of header.slice(close + 1, nextOpen < 0 ? header.length : nextOpen).split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const name = part.slice(0, eq).trim().toLowerCase();
      params[name] = part
        .slice(eq + 1)
        .trim()
        .replace(/,$/, '')
        .trim()
        .replace(/^"(.*)"$/s, '$1');
    }
    const entry: LinkEntry = { url: header.slice(open + 1, close).trim(), params };
    // `rel` may list several relation types (`rel="next last"`); keep the attribute as sent.
    if (params.rel !== undefined) entry.rel = params.rel;
    entries.push(entry);
    i = nextOpen < 0 ? header.length : nextOpen;
  }
  return entries;
}

/** The target of the link whose `rel` includes `relation` (default `next`), if any. */
export function linkTarget(header: string | undefined, relation = 'next'): string | undefined {
  return parseLinkHeader(header).find((l) => l.rel?.toLowerCase().split(/\s+/).includes(relation.toLowerCase()))?.url;
}
