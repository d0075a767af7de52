import { redactUrlSecrets } from './redact';

/**
 * Checks a server URL taken from settings: it must parse, be http(s), and carry no user name or
 * password (credentials go to SecretStorage; inside a URL they would reach logs). Returns the URL,
 * or why it is refused, in words fit for the user (`secret` names what to configure instead).
 */
export function checkServerUrl(raw: string, secret = 'credentials'): { url: URL } | { error: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { error: `"${redactUrlSecrets(raw)}" is not a valid URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { error: `${url.protocol} URLs are not supported; use http or https` };
  }
  if (url.username || url.password) {
    return { error: `the URL contains a user name or password; configure ${secret} separately` };
  }
  return { url };
}

/** A server named in settings by its host alone (`ghe.example.com`) means https; a URL with a scheme is kept. */
export function withDefaultScheme(text: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
}
