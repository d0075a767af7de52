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
import { secretAnchors, secretForms } from './secretForms';
import type { Credential } from './types';

export const REDACTED = '***';

/** Forms shorter than this are masked only as whole tokens (see the file comment). */
export const SHORT_FORM_CHARS = 6;

/**
 * A URL showing any piece this long of a secret is cut down to its origin: URL parsing mangles a
 * secret a server wrote raw into a Location (`\` becomes `/`, `#` starts the fragment), so its
 * pieces survive where no whole form does.
 */
export const URL_PIECE_CHARS = 8;

/** Query parameter names whose values are secrets (compared case-insensitively). */
const SECRET_QUERY_NAMES = [
  'token',
  'access_token',
  'private_token',
  'refresh_token',
  'id_token',
  'api_key',
  'apikey',
  'key',
  'sig',
  'signature',
  'password',
  'client_secret',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
];

// `scheme://anything-without-slash-or-at@` — the userinfo part of a URL. A scheme starts only where a
// run of scheme characters starts (not at `\b`, which every `.` or `-` offers): with `\b`, a hostile body
// like `a.a.a.a…` cost quadratic time, and whole bodies are redacted now, not 500-character slices.
const USERINFO = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]*@/gi;
// `?name=value` or `&name=value` for a secret name; the value stops at the next separator.
const SECRET_QUERY = new RegExp(`([?&;](?:${SECRET_QUERY_NAMES.map(escapeRegExp).join('|')})=)[^&;#\\s"'<>]*`, 'gi');
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

/** One form of a secret, and where in it the secret's anchor starts (-1 when the secret has none). */
interface Form {
  text: string;
  anchorAt: number;
  short: boolean;
}

/**
 * Forms sharing an anchor (see `secretAnchors`): a text is scanned once for the anchor and each form is
 * only compared where the anchor occurs. A group without an anchor scans for each of its forms.
 */
interface SecretGroup {
  anchor: string | undefined;
  forms: Form[];
}

/** Remembers the secrets a client has seen and masks them in every form they may take. */
export class Redactor {
  private readonly secrets = new Set<string>();
  /** User names from Basic values: not secret, so pieces of them never count as pieces of a secret. */
  private readonly publicNames = new Set<string>();
  private readonly formSet = new Set<string>();
  private readonly groups: SecretGroup[] = [];
  private readonly groupByAnchor = new Map<string, SecretGroup>();
  /** The short forms, for `excerpt`'s look at the end of a cut. */
  private shortForms: string[] = [];
  /** `URL_PIECE_CHARS`-long pieces of every form, built when a URL first needs them. */
  private pieces: Set<string> | undefined;

  /** How many forms are registered. */
  get formCount(): number {
    return this.formSet.size;
  }

  /** How many full scans a text holding no secret costs: one per anchored secret, one per form of the others. */
  get scansPerText(): number {
    return this.groups.reduce((sum, group) => sum + (group.anchor !== undefined ? 1 : group.forms.length), 0);
  }

  /**
   * Registers a header value (`Bearer abc`, `Basic b64`, a bare token) as secret: the value itself,
   * the part after an auth scheme, and for Basic the decoded `user:password` and the password alone.
   */
  add(value: string | undefined): void {
    const trimmed = value?.trim();
    // Seen before: everything it brings is registered already (this runs for every request).
    if (!trimmed || this.secrets.has(trimmed)) {
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
      if (!this.publicNames.has(decoded.user)) {
        this.publicNames.add(decoded.user);
        this.pieces = undefined;
      }
    }
  }

  /** Registers one raw secret (a token, a password) with all its encoded forms. Whitespace-only counts as none. */
  addSecret(secret: string | undefined): void {
    if (secret === undefined || secret.trim() === '' || this.secrets.has(secret)) {
      return;
    }
    this.secrets.add(secret);
    for (const raw of new Set([secret, secret.trim()])) {
      // An anchor another secret already scans for costs nothing more (`Bearer abc` and `abc` share one).
      const anchors = secretAnchors(raw);
      const anchor = anchors.find((candidate) => this.groupByAnchor.has(candidate)) ?? anchors[0];
      // Encodings of encodings multiply the forms; only an anchored secret keeps that cheap.
      const forms = secretForms(raw, { twice: anchor !== undefined }).filter((form) => !this.formSet.has(form));
      const anchored: Form[] = [];
      const loose: Form[] = [];
      for (const text of forms) {
        this.formSet.add(text);
        const anchorAt = anchor === undefined ? -1 : text.indexOf(anchor);
        const form = { text, anchorAt, short: text.length < SHORT_FORM_CHARS };
        (anchorAt >= 0 ? anchored : loose).push(form);
        if (form.short) {
          this.shortForms.push(text);
        }
      }
      if (anchor !== undefined && anchored.length > 0) {
        const group = this.groupByAnchor.get(anchor);
        if (group) {
          group.forms.push(...anchored);
        } else {
          const created = { anchor, forms: anchored };
          this.groups.push(created);
          this.groupByAnchor.set(anchor, created);
        }
      }
      if (loose.length > 0) {
        this.groups.push({ anchor: undefined, forms: loose });
      }
      this.pieces = undefined;
    }
    // Longest first, so where a short form ends a cut inside a longer one, the longer is masked.
    this.shortForms.sort((a, b) => b.length - a.length);
  }

  /** Registers everything secret about a credential: its header value, `secret` and `secrets`. */
  addCredential(credential: Credential): void {
    // Shortest first, so longer secrets that contain them (`user:password`, `Bearer abc`) share their anchors.
    const secrets = [credential.secret, ...(credential.secrets ?? [])].filter((s): s is string => s !== undefined);
    for (const secret of secrets.sort((a, b) => a.length - b.length)) {
      this.addSecret(secret);
    }
    this.add(credential.value);
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
   * a mix of encodings no registered form matches, or mangled by URL parsing (see `URL_PIECE_CHARS`):
   * then only the origin is shown.
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
    if (this.groups.length === 0) {
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

  /** Whether any form occurs in `text` at all, whole token or not. */
  private mentioned(text: string): boolean {
    let found = false;
    this.scan(text, () => {
      found = true;
      return true;
    });
    return found;
  }

  /** Start/end pairs of every maskable occurrence of every form, or undefined when there is none. */
  private occurrences(text: string): number[] | undefined {
    let found: number[] | undefined;
    this.scan(text, (at, form) => {
      if (!form.short || standsAlone(text, at, form.text)) {
        (found ??= []).push(at, at + form.text.length);
      }
      return false;
    });
    return found;
  }

  /**
   * Calls `visit` for every occurrence of every form (overlapping ones included) until it returns true.
   * A text holding no secret costs `scansPerText` scans.
   */
  private scan(text: string, visit: (at: number, form: Form) => boolean): void {
    for (const group of this.groups) {
      if (group.anchor !== undefined) {
        // Every form holds the anchor, so a form can only start where an anchor occurrence puts it.
        for (let anchorAt = text.indexOf(group.anchor); anchorAt >= 0; anchorAt = text.indexOf(group.anchor, anchorAt + 1)) {
          for (const form of group.forms) {
            const at = anchorAt - form.anchorAt;
            if (at >= 0 && text.startsWith(form.text, at) && visit(at, form)) {
              return;
            }
          }
        }
        continue;
      }
      for (const form of group.forms) {
        // Step by one, not by the form's length: overlapping occurrences are all masked.
        for (let at = text.indexOf(form.text); at >= 0; at = text.indexOf(form.text, at + 1)) {
          if (visit(at, form)) {
            return;
          }
        }
      }
    }
  }

  /**
   * Whether a URL (already redacted) still shows a secret: whole once percent-decoded (with `+` as
   * space or not), or as a piece of `URL_PIECE_CHARS` characters of any form, decoded or not.
   */
  private hiddenInUrl(url: string): boolean {
    if (this.groups.length === 0) {
      return false;
    }
    const pieces = this.urlPieces();
    const variants = new Set([url, percentDecode(url), percentDecode(url.replace(/\+/g, ' '))]);
    for (const variant of variants) {
      if (variant !== url && this.occurrences(variant)) {
        return true;
      }
      for (let i = 0; i + URL_PIECE_CHARS <= variant.length; i++) {
        if (pieces.has(variant.slice(i, i + URL_PIECE_CHARS))) {
          return true;
        }
      }
    }
    return false;
  }

  private urlPieces(): Set<string> {
    if (this.pieces) {
      return this.pieces;
    }
    const publicPieces = new Set<string>();
    for (const name of this.publicNames) {
      for (const form of secretForms(name)) {
        addPieces(publicPieces, form);
      }
    }
    const pieces = new Set<string>();
    for (const form of this.formSet) {
      addPieces(pieces, form);
    }
    for (const piece of publicPieces) {
      pieces.delete(piece);
    }
    this.pieces = pieces;
    return pieces;
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

function addPieces(pieces: Set<string>, text: string): void {
  for (let i = 0; i + URL_PIECE_CHARS <= text.length; i++) {
    pieces.add(text.slice(i, i + URL_PIECE_CHARS));
  }
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
function decodeBasic(encoded: string): { user: string; userPassword: string; password: string } | undefined {
  const bytes = Buffer.from(encoded, 'base64');
  const decoded = bytes.toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0 || Buffer.from(decoded, 'utf8').toString('base64') !== encoded) {
    return undefined;
  }
  return { user: decoded.slice(0, colon), userPassword: decoded, password: decoded.slice(colon + 1) };
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
