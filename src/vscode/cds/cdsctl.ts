import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import type * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import { checkServerUrl } from '../../http/serverUrl';
import { cdsBase, cdsrcContext, cdsrcPath, parseCdsrc, type CdsrcContext } from '../../sources/cds';

/** cdsctl's context, with its API checked: what a CDS user already configured. */
export interface CdsctlContext extends CdsrcContext {
  base: string;
  origin: string;
}

/**
 * cdsctl's current context (`$CDS_FILE` or `~/.cdsrc`, `$CDS_CONTEXT`), when there is one with a usable API URL.
 * Optional input: no file is no context; a damaged file, or a context whose tokens cdsctl keeps in the keychain,
 * is said once in the log and ignored. Its tokens are used for its own API only (service.ts).
 */
export async function readCdsctlContext(log: vscode.LogOutputChannel, said: Set<string>): Promise<CdsctlContext | undefined> {
  const path = cdsrcPath(process.env, homedir());
  const once = (message: string) => {
    if (said.has(message)) return;
    said.add(message);
    log.warn(message);
  };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') once(`CDS: cdsctl's ${path} cannot be read (${errorMessage(error)}); ignored`);
    return undefined;
  }
  const parsed = parseCdsrc(text.slice(0, 1_000_000));
  if ('error' in parsed) {
    once(`CDS: cdsctl's ${path} is damaged (${parsed.error}); ignored`);
    return undefined;
  }
  const context = cdsrcContext(parsed.rc, process.env.CDS_CONTEXT);
  if (!context) return undefined;
  const checked = checkServerUrl(context.host, 'its tokens');
  if ('error' in checked) {
    once(`CDS: the Host of cdsctl's context ${context.name} in ${path} is unusable (${checked.error}); ignored`);
    return undefined;
  }
  if (!context.token && !context.session)
    once(`CDS: cdsctl's context ${context.name} keeps its tokens in the system keychain; store one with DevOps: Set CDS Token…`);
  if (context.insecureSkipVerifyTLS)
    once(`CDS: cdsctl's context ${context.name} skips TLS verification; DevOps does not (add the server's CA to the system's trust store)`);
  const base = cdsBase(checked.url.toString());
  return { ...context, base, origin: new URL(base).origin };
}
