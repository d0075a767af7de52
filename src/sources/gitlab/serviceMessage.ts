/**
 * GitLab's own explanation of a failure, for the one `SourceError` (src/http/toSourceError). GitLab
 * documents its error bodies as `{"message": "..."}` or, for validation errors, `{"message": {field:
 * [messages]}}` (doc/api/rest/troubleshooting.md); OAuth failures answer `{"error": "...",
 * "error_description": "..."}`; a throttled request gets a plain-text body, `Retry later` by default
 * (doc/administration/settings/user_and_ip_rate_limits.md). Anything else (an HTML error page of a
 * proxy) says nothing worth showing.
 */
import { SourceError } from '../../core/sourceError';
import { toSourceError } from '../../http/toSourceError';

export const SERVICE = 'GitLab';
const MAX_MESSAGE_CHARS = 300;

export function gitlabServiceMessage(body: string): string | undefined {
  const text = body.trim();
  if (!text) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The client keeps only the start of an error body: a long JSON body may be cut. Salvage its message.
    const cut = /^\s*\{\s*"(?:message|error)"\s*:\s*"((?:[^"\\]|\\.){1,600})/.exec(text);
    if (cut) {
      return clean(unescapeJson(cut[1]));
    }
    return /^[^<{[][^<]{0,199}$/.test(text) ? clean(text) : undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return typeof parsed === 'string' ? clean(parsed) : undefined;
  }
  const record = parsed as { message?: unknown; error?: unknown; error_description?: unknown };
  if (typeof record.message === 'string') {
    return clean(record.message);
  }
  if (record.message && typeof record.message === 'object') {
    return clean(fieldMessages(record.message as Record<string, unknown>));
  }
  if (typeof record.error === 'string') {
    const description = typeof record.error_description === 'string' ? `: ${record.error_description}` : '';
    return clean(`${record.error}${description}`);
  }
  if (record.error && typeof record.error === 'object') {
    return clean(fieldMessages(record.error as Record<string, unknown>));
  }
  return undefined;
}

/** Wraps any failure of a GitLab call into the one SourceError, with GitLab's words when it sent some. */
export function gitlabError(error: unknown, what: string, resource: string): SourceError {
  return toSourceError(error, { service: SERVICE, what, resource, serviceMessage: gitlabServiceMessage });
}

/** `{"title": ["can't be blank"], "base": ["x"]}` → `title can't be blank; base x`. */
function fieldMessages(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .slice(0, 10)
    .map(([field, value]) => {
      const words = Array.isArray(value) ? value.filter((v) => typeof v === 'string').join(', ') : typeof value === 'string' ? value : '';
      return field === 'base' || field === 'error' ? words : `${field} ${words}`.trim();
    })
    .filter(Boolean)
    .join('; ');
}

function unescapeJson(text: string): string {
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}

function clean(text: string): string | undefined {
  const flat = text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!flat) {
    return undefined;
  }
  return flat.length > MAX_MESSAGE_CHARS ? `${flat.slice(0, MAX_MESSAGE_CHARS - 1)}…` : flat;
}
