/**
 * Token redaction for everything the HTTP client writes or returns. Two layers: secrets the client
 * has actually seen (credentials, identity headers) are replaced in every form a server may echo them
 * (see `secretForms`), and well-known secret shapes in URLs (`user:password@`, `?token=`) are masked
 * in log lines and messages even when the client never saw them as credentials.
 *
 * Text is always redacted whole before anything cuts it (`excerpt`), so a cut can never leave part of
 * a secret behind: a secret is gone before any boundary exists.
 *
 * Short secrets: a form of fewer than `SHORT_FORM_CHARS` characters is masked only where it stands as a
 * whole token, i.e. its word characters (letters, digits, `_`) are not glued to neighbouring word
 * characters. A password `a` then masks `a` in `user:a@host` or `"a"`, but not every letter a of every
 * log line; longer forms are masked wherever they occur.
 */
import { secretForms } from './secretForms';
import type { Credential } from './types';

export const REDACTED = '***';

/** Forms shorter than this are masked only as whole tokens (see the file comment). */
export const SHORT_FORM_CHARS = 6;

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
// `Bearer abc` / `token abc` / `Basic abc`: an auth scheme, then the secret.
const AUTH_SCHEME = /^[A-Za-z][A-Za-z0-9-]*\s+(\S.*)$/;
const BASIC = /^Basic\s+([A-Za-z0-9+/]+={0,2})$/i;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
// Headers whose values are URLs: a secret in them may be split by URL syntax (see `hiddenInUrl`).
const URL_HEADERS = new Set(['location', 'content-location']);

/** Masks URL userinfo and secret query parameters in any text (URLs, error messages). */
export function redactUrlSecrets(text: string): string {
  return text.replace(USERINFO, `$1${REDACTED}@`).replace(SECRET_QUERY, `$1${REDACTED}`);
}

/** Remembers the secrets a client has seen and masks them in every form they may take. */
export class Redactor {
  private readonly secrets = new Set<string>();
  private readonly formSet = new Set<string>();
  /** Longest first, so the common case (a long token) is found by the first scan. */
  private forms: string[] = [];
  /** The short forms, for `excerpt`'s look at the end of a cut. */
  private shortForms: string[] = [];

  /** How many forms are registered: the number of `indexOf` scans a text that holds none of them costs. */
  get formCount(): number {
    return this.forms.length;
  }

  /**
   * Registers a header value (`Bearer abc`, `Basic b64`, a bare token) as secret: the value itself,
   * the part after an auth scheme, and for Basic the decoded `user:password` and the password alone.
   */
  add(value: string | undefined): void {
    const trimmed = value?.trim();
    if (!trimmed) {
      return;
    }
    this.addSecret(trimmed);
    const scheme = AUTH_SCHEME.exec(trimmed);
    if (scheme) {
      this.addSecret(scheme[1]);
    }
    const basic = BASIC.exec(trimmed);
    const decoded = basic ? decodeBasic(basic[1]) : undefined;
    if (decoded) {
      this.addSecret(decoded.userPassword);
      this.addSecret(decoded.password);
    }
  }

  /** Registers one raw secret (a token, a password) with all its encoded forms. Whitespace-only counts as none. */
  addSecret(secret: string | undefined): void {
    if (secret === undefined || secret.trim() === '' || this.secrets.has(secret)) {
      return;
    }
    this.secrets.add(secret);
    const forms = secretForms(secret);
    if (secret.trim() !== secret) {
      forms.push(...secretForms(secret.trim()));
    }
    let changed = false;
    for (const form of forms) {
      if (!this.formSet.has(form)) {
        this.formSet.add(form);
        changed = true;
      }
    }
    if (changed) {
      this.forms = [...this.formSet].sort((a, b) => b.length - a.length);
      this.shortForms = this.forms.filter((form) => form.length < SHORT_FORM_CHARS);
    }
  }

  /** Registers everything secret about a credential: its header value, `secret` and `secrets`. */
  addCredential(credential: Credential): void {
    this.add(credential.value);
    this.addSecret(credential.secret);
    for (const secret of credential.secrets ?? []) {
      this.addSecret(secret);
    }
  }

  /**
   * Text with every registered secret form masked, and nothing else changed: for what a server sent
   * (bodies, headers), where URL-shaped secrets may be data the caller needs (a signed download link).
   * A text holding no form costs one `indexOf` scan per form.
   */
  redactKnown(text: string): string {
    const found = this.occurrences(text);
    return found ? mask(text, found) : text;
  }

  /** Text with every registered secret and every URL-shaped secret masked: for log lines and messages. */
  redact(text: string): string {
    return redactUrlSecrets(this.redactKnown(text));
  }

  /**
   * A URL for a message or a log line. Besides `redact`, catches a secret a server wrote into a URL in
   * a mix of encodings no registered form matches, or split by `#` or `?`: then only the origin is shown.
   */
  redactUrl(href: string): string {
    const shown = this.redact(href);
    if (!this.hiddenInUrl(shown)) {
      return shown;
    }
    try {
      const origin = new URL(shown).origin;
      return origin !== 'null' && !this.occurrences(origin) ? `${origin}/${REDACTED}` : REDACTED;
    } catch {
      return REDACTED;
    }
  }

  /**
   * At most `max` characters of `text`, redacted first and cut after: no secret can straddle the cut.
   * A short form (masked only as a whole token) that the cut leaves at the very end looks whole there,
   * so it is masked too.
   */
  excerpt(text: string, max: number): string {
    const full = this.redact(text);
    if (full.length <= max) {
      return full;
    }
    let end = max;
    const last = full.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      end--; // never half a surrogate pair
    }
    let cut = full.slice(0, end);
    for (const form of this.shortForms) {
      if (cut.endsWith(form) && standsAlone(cut, cut.length - form.length, form)) {
        cut = `${cut.slice(0, cut.length - form.length)}${REDACTED}`;
      }
    }
    return cut;
  }

  /** Response headers with registered secrets masked in names and values. */
  redactHeaders(headers: Record<string, string>): Record<string, string> {
    if (this.forms.length === 0) {
      return headers;
    }
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      let shown = this.redactKnown(value);
      if (URL_HEADERS.has(name) && this.hiddenInUrl(shown)) {
        shown = REDACTED;
      }
      defineOwn(out, this.redactKnown(name), shown);
    }
    return out;
  }

  /**
   * A parsed JSON body with registered secrets masked in every string (keys included) and number.
   * `text` is the body it was parsed from: when it holds no form at all (one `indexOf` scan per form,
   * the usual case) the value is returned untouched. Otherwise the parsed value is walked, so a secret
   * JSON-escaped in any style is caught once decoded, and the JSON never breaks.
   */
  redactJson<T>(value: T, text: string): T {
    if (!this.mentioned(text)) {
      return value;
    }
    const fix = (leaf: unknown): unknown => {
      if (typeof leaf === 'string') {
        return this.redactKnown(leaf);
      }
      return typeof leaf === 'number' && this.occurrences(String(leaf)) ? REDACTED : leaf;
    };
    if (typeof value !== 'object' || value === null) {
      return fix(value) as T;
    }
    // Iterative: a hostile server's deeply nested body must not overflow the stack.
    const pending: object[] = [value];
    while (pending.length > 0) {
      const node = pending.pop() as Record<string, unknown> | unknown[];
      if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) {
          const item = node[i];
          if (typeof item === 'object' && item !== null) {
            pending.push(item);
          } else {
            node[i] = fix(item);
          }
        }
        continue;
      }
      for (const key of Object.keys(node)) {
        const item = node[key];
        let shown = item;
        if (typeof item === 'object' && item !== null) {
          pending.push(item);
        } else {
          shown = fix(item);
        }
        const shownKey = this.redactKnown(key);
        if (shownKey !== key) {
          delete node[key];
          defineOwn(node, shownKey, shown);
        } else if (shown !== item) {
          node[key] = shown;
        }
      }
    }
    return value;
  }

  /** Whether any form occurs in `text` at all, whole token or not (one `indexOf` per form). */
  private mentioned(text: string): boolean {
    return this.forms.some((form) => text.includes(form));
  }

  /** Start/end pairs of every maskable occurrence of every form, or undefined when there is none. */
  private occurrences(text: string): number[] | undefined {
    let found: number[] | undefined;
    for (const form of this.forms) {
      let at = text.indexOf(form);
      if (at < 0) {
        continue;
      }
      const short = form.length < SHORT_FORM_CHARS;
      // Step by one, not by the form's length: overlapping occurrences are all masked.
      for (; at >= 0; at = text.indexOf(form, at + 1)) {
        if (!short || standsAlone(text, at, form)) {
          (found ??= []).push(at, at + form.length);
        }
      }
    }
    return found;
  }

  /** Whether a URL, percent-decoded (and with `+` as space), still shows a registered secret. */
  private hiddenInUrl(url: string): boolean {
    if (this.forms.length === 0 || !/%|\+/.test(url)) {
      return false;
    }
    const decoded = percentDecode(url);
    if (decoded !== url && this.occurrences(decoded)) {
      return true;
    }
    return url.includes('+') && this.occurrences(percentDecode(url.replace(/\+/g, ' '))) !== undefined;
  }
}

/**
 * Replaces the given ranges with the marker. Overlapping ranges (two secrets sharing characters)
 * become one marker, so no part of either survives; ranges that only touch stay separate markers.
 */
function mask(text: string, found: number[]): string {
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < found.length; i += 2) {
    ranges.push([found[i], found[i + 1]]);
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let position = 0;
  let current: [number, number] | undefined;
  for (const range of ranges) {
    if (current && range[0] < current[1]) {
      current[1] = Math.max(current[1], range[1]);
      continue;
    }
    if (current) {
      out += `${text.slice(position, current[0])}${REDACTED}`;
      position = current[1];
    }
    current = [range[0], range[1]];
  }
  if (current) {
    out += `${text.slice(position, current[0])}${REDACTED}`;
    position = current[1];
  }
  return out + text.slice(position);
}

/** Whether `form` at `at` is a whole token: no word character of it is glued to a neighbouring one. */
function standsAlone(text: string, at: number, form: string): boolean {
  const before = text[at - 1];
  const after = text[at + form.length];
  const leftFree = before === undefined || !isWordChar(form[0]) || !isWordChar(before);
  const rightFree = after === undefined || !isWordChar(form[form.length - 1]) || !isWordChar(after);
  return leftFree && rightFree;
}

function isWordChar(ch: string): boolean {
  return WORD_CHAR.test(ch);
}

/** `user:password` and the password from a Basic value, when it decodes cleanly to UTF-8 with a colon. */
function decodeBasic(encoded: string): { userPassword: string; password: string } | undefined {
  const bytes = Buffer.from(encoded, 'base64');
  const decoded = bytes.toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0 || Buffer.from(decoded, 'utf8').toString('base64') !== encoded) {
    return undefined;
  }
  return { userPassword: decoded, password: decoded.slice(colon + 1) };
}

/** Decodes every run of `%XX` escapes as UTF-8 (invalid sequences become U+FFFD); never throws. */
function percentDecode(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

/** Sets an own property even for `__proto__`, which plain assignment would take as the prototype. */
function defineOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}
