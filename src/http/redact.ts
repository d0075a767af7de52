/**
 * Token redaction for every log line and error message the HTTP client writes.
 * Two layers: secrets the client has actually seen (credential values) are replaced wherever
 * they appear, and well-known secret shapes in URLs (`user:password@`, `?token=`) are masked
 * even when the client never saw them as credentials.
 */

export const REDACTED = '***';

/** Query parameter names whose values are secrets (compared case-insensitively). */
const SECRET_QUERY_NAMES = [
  'token', 'access_token', 'private_token', 'refresh_token', 'id_token', 'api_key', 'apikey', 'key',
  'sig', 'signature', 'password', 'client_secret', 'x-amz-signature', 'x-amz-credential', 'x-amz-security-token',
];

// `scheme://anything-without-slash-or-at@` — the userinfo part of a URL.
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]*@/gi;
// `?name=value` or `&name=value` for a secret name; the value stops at the next separator.
const SECRET_QUERY = new RegExp(
  `([?&;](?:${SECRET_QUERY_NAMES.map(escapeRegExp).join('|')})=)[^&;#\\s"'<>]*`,
  'gi',
);

/** Masks URL userinfo and secret query parameters in any text (URLs, error messages). */
export function redactUrlSecrets(text: string): string {
  return text.replace(USERINFO, `$1${REDACTED}@`).replace(SECRET_QUERY, `$1${REDACTED}`);
}

/**
 * Remembers the secrets a client has seen and masks them, longest first so a secret that
 * contains another is replaced whole.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private ordered: string[] = [];

  /** Registers a secret and the forms it is commonly written in (URL-encoded, without an auth scheme). */
  add(secret: string | undefined): void {
    const trimmed = secret?.trim();
    if (!trimmed) {
      return;
    }
    const forms = [trimmed, encodeURIComponent(trimmed)];
    // `Bearer abc` / `token abc` / `Basic abc`: the part after the scheme is the secret too.
    const scheme = /^[A-Za-z][A-Za-z0-9-]*\s+(\S.*)$/.exec(trimmed);
    if (scheme) {
      forms.push(scheme[1], encodeURIComponent(scheme[1]));
    }
    let changed = false;
    for (const form of forms) {
      if (!this.secrets.has(form)) {
        this.secrets.add(form);
        changed = true;
      }
    }
    if (changed) {
      this.ordered = [...this.secrets].sort((a, b) => b.length - a.length);
    }
  }

  /** Text with every known secret and every URL-shaped secret masked. */
  redact(text: string): string {
    let out = text;
    for (const secret of this.ordered) {
      if (out.includes(secret)) {
        out = out.split(secret).join(REDACTED);
      }
    }
    return redactUrlSecrets(out);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}
