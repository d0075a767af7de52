/**
 * The HTML shell of the details page: a strict Content-Security-Policy, one script by nonce, nothing else.
 * Pure (no `vscode` import) so it is unit-tested as a string.
 */
import { randomBytes } from 'node:crypto';

/** 32 hex characters from a CSPRNG; a fresh one for every HTML the panel sets. */
export function makeNonce(): string {
  return randomBytes(16).toString('hex');
}

/** Escapes text for HTML text and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface ShellOptions {
  /** `webview.cspSource`: the origin the webview loads extension resources from. */
  cspSource: string;
  /** `webview.asWebviewUri(dist/webview.js).toString()`. */
  scriptUri: string;
  nonce: string;
  /** Document title (the panel tab shows the panel's own title; this one is for assistive tech). */
  title: string;
}

/**
 * Styles come only from the extension (`cspSource`) or from constructable stylesheets, which Lit and
 * the page use; no 'unsafe-inline'. Images may be remote (https) as in PR bodies. No `connect-src`:
 * the page never fetches; it asks the host by message.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  // A nonce with a quote or a space would end the source expression and let the caller add sources.
  if (!/^[A-Za-z0-9+/_=-]{16,}$/.test(nonce)) {
    throw new Error('Invalid CSP nonce');
  }
  return [
    "default-src 'none'",
    `img-src ${cspSource} https: data:`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function detailsHtml(options: ShellOptions): string {
  const csp = escapeHtml(contentSecurityPolicy(options.cspSource, options.nonce));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(options.title)}</title>
</head>
<body>
<main id="root"></main>
<script nonce="${escapeHtml(options.nonce)}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}
