/**
 * Where else a report went (a Tat topic, a chat webhook), as the signal of the report carries it in
 * `detail.postedTo` (the journal's `postedTo` field): `[{ service, where, ref? }]`. One reader for
 * the Timeline's description, the tooltip and the details panel.
 */
import type { Signal } from './signal';

export interface PostedToEntry {
  service: string;
  where: string;
  ref?: string;
}

export function postedToOf(signal: Signal): PostedToEntry[] {
  const raw = signal.detail?.postedTo;
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (e): e is PostedToEntry => typeof e === 'object' && e !== null && typeof e.service === 'string' && typeof e.where === 'string',
  );
}

/** `also posted to Tat topic /Team/Deploys, Slack #deploys`, or undefined when it went nowhere else. */
export function postedToText(signal: Signal): string | undefined {
  const entries = postedToOf(signal);
  return entries.length ? `also posted to ${entries.map((e) => e.where).join(', ')}` : undefined;
}
