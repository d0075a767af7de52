/**
 * cdsctl's own configuration (cli/cdsctl/config.go, cli/cdsctl/internal/cdsctx.go of ovh/cds): a TOML file,
 * `$CDS_FILE` or else `~/.cdsrc`, with `current = "<context>"` and one table per context holding `Host` (the API
 * URL), `Session` (a session token), `Token` (the builtin consumer's sign-in token) and `InsecureSkipVerifyTLS`;
 * cdsctl reads the keys in any case, and `$CDS_CONTEXT` picks another context than `current`. Where cdsctl keeps
 * the tokens in the system keychain, the file has no tokens and the context is of no use here.
 *
 * Only what cdsctl writes is understood (tables, `key = "string"`, `'literal'`, booleans, comments); anything
 * else makes the file unreadable, said with its line, so a damaged file is reported and ignored.
 */

export interface CdsrcContext {
  name: string;
  host: string;
  session?: string;
  token?: string;
  insecureSkipVerifyTLS: boolean;
}

export interface Cdsrc {
  current?: string;
  contexts: Map<string, CdsrcContext>;
}

type Value = string | boolean;

/** Where cdsctl reads its file: `$CDS_FILE`, else `<home>/.cdsrc`. */
export function cdsrcPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  return env.CDS_FILE || `${home.replace(/\/+$/, '')}/.cdsrc`;
}

export function parseCdsrc(text: string): { rc: Cdsrc } | { error: string } {
  const tables = new Map<string, Map<string, Value>>();
  const top = new Map<string, Value>();
  let table = top;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[\s*("(?:[^"\\]|\\.)*"|'[^']*'|[\w.-]+)\s*\]\s*(#.*)?$/.exec(line);
    if (header) {
      const name = unquote(header[1]);
      if (name === undefined) return { error: `line ${i + 1}: a table name cdsctl does not write` };
      table = new Map();
      tables.set(name, table);
      continue;
    }
    const pair = /^("(?:[^"\\]|\\.)*"|[\w-]+)\s*=\s*(.*)$/.exec(line);
    const key = pair ? unquote(pair[1]) : undefined;
    const value = pair ? parseValue(pair[2]) : undefined;
    if (!pair || key === undefined || value === undefined) return { error: `line ${i + 1}: not a "key = value" line cdsctl writes` };
    table.set(key.toLowerCase(), value);
  }
  const contexts = new Map<string, CdsrcContext>();
  for (const [name, values] of tables) {
    const text = (k: string) => (typeof values.get(k) === 'string' && values.get(k) ? (values.get(k) as string) : undefined);
    const host = text('host');
    if (!host) continue;
    const insecure = values.get('insecureskipverifytls');
    contexts.set(name, {
      name,
      host,
      ...(text('session') ? { session: text('session') } : {}),
      ...(text('token') ? { token: text('token') } : {}),
      insecureSkipVerifyTLS: insecure === true || insecure === 'true',
    });
  }
  const current = top.get('current');
  return { rc: { ...(typeof current === 'string' && current ? { current } : {}), contexts } };
}

/** The context cdsctl would use: the named one (`$CDS_CONTEXT`), else `current`. */
export function cdsrcContext(rc: Cdsrc, name?: string): CdsrcContext | undefined {
  const wanted = name || rc.current;
  return wanted ? rc.contexts.get(wanted) : undefined;
}

function parseValue(text: string): Value | undefined {
  const body = text.replace(/\s+#[^"']*$/, '').trim();
  if (body === 'true') return true;
  if (body === 'false') return false;
  return unquote(body);
}

function unquote(text: string): string | undefined {
  if (/^[\w.-]+$/.test(text)) return text;
  if (/^'[^']*'$/.test(text)) return text.slice(1, -1);
  if (!/^"(?:[^"\\]|\\.)*"$/.test(text)) return undefined;
  try {
    // A TOML basic string's escapes are JSON's, plus \UXXXXXXXX which cdsctl never writes.
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
