/**
 * The ways a server may write a secret it echoes back: as is, URL-encoded (by encodeURIComponent,
 * as a form field, or by a URL parser per component), JSON-escaped (JavaScript, PHP's `\/`, Python's
 * ASCII-only, Go's HTML-safe), HTML-escaped (the entity spellings common template engines use), as
 * Node reads a UTF-8 header value (latin1), and any two of these in a row (HTML inside a JSON string,
 * a JSON document quoted inside another, a URL in an `href`). The redactor masks every one of them,
 * because a server that echoes a token in any of these shapes would otherwise put it whole into a log
 * line, an error or a view.
 */

/**
 * Every distinct form of `secret` (the secret itself first); empty when the secret is empty.
 * `twice: false` stops after one encoding (for secrets without an anchor, which are scanned for every
 * form in every text, see `secretAnchors`).
 */
export function secretForms(secret: string, options: { twice?: boolean } = {}): string[] {
  if (secret === '') {
    return [];
  }
  const forms = new Set<string>([secret]);
  const once = encodings(secret);
  for (const form of once) {
    forms.add(form);
  }
  if (options.twice ?? true) {
    for (const form of once) {
      for (const twice of encodings(form)) {
        forms.add(twice);
      }
    }
  }
  forms.delete('');
  return [...forms];
}

/**
 * Runs of the secret that every encoding above leaves as they are (letters, digits, `-._*`, not right
 * after a `%`, whose escape case may change), of 3 characters or more, longest first. Every form
 * contains each of them, so a text without one of them holds no form: one scan rules the whole secret
 * out (see the redactor's anchors).
 */
export function secretAnchors(secret: string): string[] {
  const runs = secret
    .replace(/%.{0,2}/gs, ' ')
    .split(/[^A-Za-z0-9\-._*]+/)
    .filter((run) => run.length >= 3);
  return [...new Set(runs)].sort((a, b) => b.length - a.length);
}

/** What one encoding step can make of `text` (`text` itself excluded). */
function encodings(text: string): Set<string> {
  const out = new Set<string>();
  for (const form of urlForms(text)) {
    out.add(form);
    // Percent-encoding is case-insensitive; some servers re-encode with lower-case hex digits.
    out.add(form.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
  }
  for (const slash of [false, true]) {
    for (const ascii of [false, true]) {
      for (const htmlSafe of [false, true]) {
        for (const upperHex of [false, true]) {
          out.add(jsonEscape(text, { slash, ascii, htmlSafe, upperHex }));
        }
      }
    }
  }
  for (const entities of HTML_ENTITY_SETS) {
    out.add(htmlEscape(text, entities));
  }
  // Node decodes header bytes as latin1, so a server writing the secret as UTF-8 in a header shows this.
  out.add(Buffer.from(text, 'utf8').toString('latin1'));
  out.delete(text);
  return out;
}

function urlForms(secret: string): string[] {
  const forms: string[] = [];
  const attempt = (encode: () => string): void => {
    try {
      forms.push(encode());
    } catch {
      // encodeURIComponent throws on a lone surrogate; such a secret is still masked in its other forms.
    }
  };
  attempt(() => encodeURIComponent(secret));
  attempt(() => encodeURIComponent(secret).replace(/%20/g, '+'));
  attempt(() => encodeURI(secret));
  // application/x-www-form-urlencoded as URLSearchParams writes it (it also escapes `!'()~`).
  attempt(() => new URLSearchParams([['a', secret]]).toString().slice(2));
  // What a URL parser makes of the secret in each component: a server that puts the secret raw into
  // a Location header ends up, once parsed, with exactly these (WHATWG percent-encode sets).
  attempt(() =>
    component(
      'http://h/',
      (url) => {
        url.search = `?${secret}`;
      },
      (url) => url.search.slice(1),
    ),
  );
  attempt(() =>
    component(
      'x-opaque://h/',
      (url) => {
        url.search = `?${secret}`;
      },
      (url) => url.search.slice(1),
    ),
  );
  attempt(() =>
    component(
      'http://h/',
      (url) => {
        url.hash = `#${secret}`;
      },
      (url) => url.hash.slice(1),
    ),
  );
  attempt(() =>
    component(
      'http://h/',
      (url) => {
        url.password = secret;
      },
      (url) => url.password,
    ),
  );
  attempt(() =>
    component(
      'x-opaque://h/',
      (url) => {
        url.pathname = `/${secret}`;
      },
      (url) => url.pathname.slice(1),
    ),
  );
  return forms;
}

function component(base: string, set: (url: URL) => void, get: (url: URL) => string): string {
  const url = new URL(base);
  set(url);
  return get(url);
}

interface JsonStyle {
  /** `/` written as `\/` (PHP's json_encode, some Java encoders). */
  slash: boolean;
  /** Everything above U+007F as `\uXXXX` (Python's json.dumps default). */
  ascii: boolean;
  /** `<`, `>`, `&`, U+2028 and U+2029 as `\uXXXX` (Go's encoding/json default). */
  htmlSafe: boolean;
  /** `\u00E4` rather than `\u00e4`. */
  upperHex: boolean;
}

const JSON_SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** The secret as it appears between the quotes of a JSON string written in the given style. */
function jsonEscape(secret: string, style: JsonStyle): string {
  const unicode = (unit: number): string => {
    const hex = unit.toString(16).padStart(4, '0');
    return `\\u${style.upperHex ? hex.toUpperCase() : hex}`;
  };
  let out = '';
  for (let i = 0; i < secret.length; i++) {
    const ch = secret[i];
    const unit = secret.charCodeAt(i);
    const short = JSON_SHORT_ESCAPES[ch];
    if (short) {
      out += short;
    } else if (ch === '/' && style.slash) {
      out += '\\/';
    } else if (
      unit < 0x20 ||
      (style.ascii && unit > 0x7e) ||
      (style.htmlSafe && (ch === '<' || ch === '>' || ch === '&' || unit === 0x2028 || unit === 0x2029)) ||
      isLoneSurrogate(secret, i)
    ) {
      out += unicode(unit);
    } else {
      out += ch;
    }
  }
  return out;
}

function isLoneSurrogate(text: string, i: number): boolean {
  const unit = text.charCodeAt(i);
  if (unit >= 0xd800 && unit <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (unit >= 0xdc00 && unit <= 0xdfff) {
    const previous = text.charCodeAt(i - 1);
    return !(previous >= 0xd800 && previous <= 0xdbff);
  }
  return false;
}

/**
 * Entity spellings per engine: lodash/Rails (`&#39;`), Python's html.escape (`&#x27;`), Go's
 * html.EscapeString (`&#34;`), Go's html/template (also `+` as `&#43;`), XML (`&apos;`), and text
 * content escaping that leaves quotes alone.
 */
const HTML_ENTITY_SETS: Array<Record<string, string>> = [
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' },
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' },
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' },
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;', '+': '&#43;' },
  { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' },
  { '&': '&amp;', '<': '&lt;', '>': '&gt;' },
];

function htmlEscape(secret: string, entities: Record<string, string>): string {
  return secret.replace(/[&<>"'+]/g, (ch) => entities[ch] ?? ch);
}
