/**
 * The one way sources build a credential, so every secret form of it is registered for redaction
 * (see `Credential`): a bearer token alone, or for Basic the base64 value, `user:password` and the
 * password (a server that echoes the password must not show it whole in a log or a view).
 */
import type { Credential } from './types';

/**
 * A token credential. With the default `Authorization` header the value is `Bearer <token>`; with
 * any other header (`PRIVATE-TOKEN`, `X-Api-Key`) the header carries the token alone.
 */
export function bearerCredential(origin: string, token: string, header = 'Authorization'): Credential {
  const value = header.toLowerCase() === 'authorization' ? `Bearer ${token}` : token;
  return { origin, header, value, secret: token };
}

/** An HTTP Basic credential (RFC 7617: UTF-8 `user:password`, base64). The user name is not a secret. */
export function basicCredential(origin: string, user: string, password: string): Credential {
  const userPassword = `${user}:${password}`;
  const encoded = Buffer.from(userPassword, 'utf8').toString('base64');
  const credential: Credential = { origin, header: 'Authorization', value: `Basic ${encoded}`, secret: encoded };
  if (password !== '') {
    credential.secrets = [userPassword, password];
  }
  return credential;
}

/**
 * A credential sent as two headers of the service's own (a user name in one, a password or token in
 * the other), e.g. `X-User: me` + `X-Password: secret`. Only the second header's value is a secret.
 */
export function headerPairCredential(
  origin: string,
  user: { header: string; value: string },
  secret: { header: string; value: string },
): Credential {
  return { origin, header: secret.header, value: secret.value, secret: secret.value, companionHeaders: { [user.header]: user.value } };
}
