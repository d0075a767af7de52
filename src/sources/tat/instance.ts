/**
 * A Tat instance as the settings name it (`devops.tat.instances`), checked: its API URL (Tat serves
 * its routes at the root of its engine URL, possibly behind a path prefix), the user name, the topics
 * to read, the label → state map and the window (days, count). The password or token is not here:
 * it lives in SecretStorage and becomes the credential through `tatCredential`.
 */
import type { NormalState } from '../../core/signal';
import { headerPairCredential } from '../../http/credentials';
import { checkServerUrl } from '../../http/serverUrl';
import type { Credential } from '../../http/types';
import { isNormalState } from './labelStates';

export interface TatInstance {
  /** The engine's base URL without a trailing slash, e.g. `https://tat.example.com/api`. */
  url: string;
  origin: string;
  username: string;
  /** Topic paths, each starting with `/` (`/Team/Deploys`). */
  topics: string[];
  /** Lower-case label → state, over the defaults. */
  labelStates: Record<string, NormalState>;
  /** Only messages updated in the last `days` days are read. */
  days: number;
  /** At most this many root messages per topic are kept. */
  count: number;
}

export const DEFAULT_DAYS = 14;
export const DEFAULT_COUNT = 200;
export const MAX_COUNT = 2000;

/** Tat's own header names (ovh/tat `types.go`: `TatHeaderUsername`, `TatHeaderPassword`). */
export const TAT_USER_HEADER = 'Tat_username';
export const TAT_PASSWORD_HEADER = 'Tat_password';

export type ParsedInstance = { ok: true; instance: TatInstance } | { ok: false; error: string };

/** A topic path as Tat names it: `/` then segments of letters, digits, `-_.`. */
export function isTopicPath(topic: string): boolean {
  return /^(\/[A-Za-z0-9._-]{1,100}){1,10}$/.test(topic);
}

export function parseTatInstance(raw: unknown): ParsedInstance {
  if (typeof raw !== 'object' || raw === null) return { ok: false, error: 'an instance must be an object { url, username, topics }' };
  const value = raw as Record<string, unknown>;
  if (typeof value.url !== 'string' || value.url.trim() === '') return { ok: false, error: 'url is missing' };
  const checked = checkServerUrl(value.url, 'the password with "DevOps: Set Tat Password…"');
  if ('error' in checked) return { ok: false, error: checked.error };
  const url = checked.url.href.replace(/\/+$/, '').replace(/[?#].*$/, '');
  if (typeof value.username !== 'string' || value.username.trim() === '' || /[\r\n\0]/.test(value.username)) {
    return { ok: false, error: `username is missing for ${url}` };
  }
  const topics = Array.isArray(value.topics) ? value.topics.filter((t): t is string => typeof t === 'string') : [];
  const bad = topics.find((t) => !isTopicPath(t));
  if (bad !== undefined) return { ok: false, error: `"${bad.slice(0, 100)}" is not a Tat topic path (like /Team/Deploys)` };
  const labelStates: Record<string, NormalState> = Object.create(null) as Record<string, NormalState>;
  if (typeof value.labelStates === 'object' && value.labelStates !== null) {
    for (const [label, state] of Object.entries(value.labelStates as Record<string, unknown>)) {
      if (typeof state === 'string' && isNormalState(state)) labelStates[label.toLowerCase()] = state;
    }
  }
  return {
    ok: true,
    instance: {
      url,
      origin: checked.url.origin,
      username: value.username.trim(),
      topics: [...new Set(topics)],
      labelStates,
      days: positive(value.days, DEFAULT_DAYS, 365),
      count: positive(value.count, DEFAULT_COUNT, MAX_COUNT),
    },
  };
}

function positive(value: unknown, fallback: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.min(Math.floor(value), max) : fallback;
}

/** The credential Tat takes: the user name and the password (or token) in Tat's two headers, for this origin only. */
export function tatCredential(instance: Pick<TatInstance, 'origin' | 'username'>, password: string): Credential {
  return headerPairCredential(
    instance.origin,
    { header: TAT_USER_HEADER, value: instance.username },
    { header: TAT_PASSWORD_HEADER, value: password },
  );
}
