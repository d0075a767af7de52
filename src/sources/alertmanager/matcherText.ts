/**
 * Matchers as one editable line, the way Alertmanager's UI and amtool write them:
 * `{alertname="HighErrorRate", service="api", instance=~"10\\.0\\..*"}`. Pure.
 */
import type { Matcher } from './api';
import { formatMatcher, parseMatcher } from './silence';

const MAX_TEXT = 10_000;

export function formatMatchersText(matchers: readonly Matcher[]): string {
  return `{${matchers.map(formatMatcher).join(', ')}}`;
}

/** Parses the line back (braces optional); every problem is named, none is thrown. */
export function parseMatchersText(text: string): { matchers: Matcher[]; problems: string[] } {
  const matchers: Matcher[] = [];
  const problems: string[] = [];
  if (text.length > MAX_TEXT) {
    return { matchers, problems: ['the matchers are too long'] };
  }
  const inner = text.trim().replace(/^\{/, '').replace(/\}$/, '');
  for (const part of splitOutsideQuotes(inner)) {
    if (!part.trim()) continue;
    const parsed = parseMatcher(part.trim());
    if (typeof parsed === 'string') problems.push(parsed);
    else matchers.push(parsed);
  }
  if (matchers.length === 0 && problems.length === 0) problems.push('at least one matcher is required');
  return { matchers, problems };
}

/** Splits on commas that are not inside a double-quoted value (backslash escapes respected). */
function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\' && i + 1 < text.length) {
      current += c + text[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts;
}
