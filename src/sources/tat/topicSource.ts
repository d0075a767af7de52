/**
 * One Tat topic of one instance as a `Source`. Reads incrementally: the first refresh asks for the
 * messages updated in the window (`dateMinUpdate` = now − days, `treeView=onetree` so replies come
 * with their root), page by page (Tat allows 50 a page) up to `count`; later refreshes ask only for
 * what was updated since the newest update seen (a second of overlap, since Tat compares `>=` on
 * fractional seconds), and merge it in. Messages that leave the window, or beyond the `count` newest,
 * are dropped. A full read every `fullReadEveryMs` notices messages deleted on the server.
 */
import { silentLogger, type Logger } from '../../core/logger';
import { PHASES, type Signal } from '../../core/signal';
import type { PollHints, Source } from '../../core/source';
import type { Credential, HttpClientLike } from '../../http/types';
import { TAT_MAX_LIMIT, TatApi } from './api';
import type { TatInstance } from './instance';
import { mapMessage } from './mapping';
import type { TatMessage } from './types';

export interface TatTopicSourceOptions {
  http: HttpClientLike;
  instance: TatInstance;
  topic: string;
  credential?: Credential;
  logger?: Logger;
  now?: () => number;
  fullReadEveryMs?: number;
}

/** `tat:<host and path of the instance><topic>`, e.g. `tat:tat.example.com/Team/Deploys`. */
export function tatSourceId(instance: Pick<TatInstance, 'url'>, topic: string): string {
  const url = new URL(instance.url);
  return `tat:${url.host}${url.pathname.replace(/\/+$/, '')}${topic}`;
}

export interface TatReadStats {
  requests: number;
  full: boolean;
  /** `dateMinUpdate` sent, seconds. */
  since: number;
  received: number;
}

export class TatTopicSource implements Source {
  readonly id: string;
  readonly label: string;
  readonly phases = PHASES;
  readonly api: TatApi;
  lastRead?: TatReadStats;
  private readonly messages = new Map<string, TatMessage>();
  private highWater = 0;
  private lastFull = 0;
  private readonly now: () => number;
  private readonly logger: Logger;

  constructor(private readonly options: TatTopicSourceOptions) {
    this.id = tatSourceId(options.instance, options.topic);
    this.label = `Tat · ${options.topic}`;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.api = new TatApi({ http: options.http, instance: options.instance, credential: options.credential });
  }

  get topic(): string {
    return this.options.topic;
  }

  async refresh(signal: AbortSignal): Promise<Signal[]> {
    const { instance, topic } = this.options;
    const now = this.now();
    const windowStart = now / 1000 - instance.days * 86_400;
    const full = this.highWater === 0 || now - this.lastFull >= (this.options.fullReadEveryMs ?? 30 * 60_000);
    const since = full ? windowStart : Math.max(windowStart, this.highWater - 1);
    const before = this.api.requests;
    const fetched: TatMessage[] = [];
    for (let skip = 0; fetched.length < instance.count; skip += TAT_MAX_LIMIT) {
      const limit = Math.min(TAT_MAX_LIMIT, instance.count - fetched.length);
      const page = await this.api.listMessages(topic, { dateMinUpdate: since, skip, limit, treeView: 'onetree' }, signal);
      fetched.push(...page);
      if (page.length < limit) break;
    }
    // Only a complete read replaces what we had; an incremental one merges.
    if (full) {
      this.messages.clear();
      this.lastFull = now;
    }
    for (const m of fetched) {
      if (m.inReplyOfIDRoot) continue; // onetree gives roots; a stray reply belongs under its root
      this.messages.set(m._id, m);
      this.highWater = Math.max(this.highWater, m.dateUpdate || 0, m.dateCreation || 0);
    }
    this.prune(windowStart);
    this.lastRead = { requests: this.api.requests - before, full, since: Math.floor(since), received: fetched.length };
    this.logger.debug(`Tat ${topic}: ${full ? 'full' : 'incremental'} read since ${Math.floor(since)}: ${fetched.length} messages`);
    const ctx = { sourceId: this.id, topic, labelStates: instance.labelStates };
    return [...this.messages.values()].map((m) => mapMessage(m, ctx));
  }

  pollHints(): PollHints {
    return {};
  }

  /** Forget what we hold so the next refresh reads the whole window again (after our own post). */
  invalidate(): void {
    this.highWater = 0;
  }

  private prune(windowStart: number): void {
    for (const [id, m] of this.messages) if ((m.dateUpdate || m.dateCreation) < windowStart) this.messages.delete(id);
    if (this.messages.size <= this.options.instance.count) return;
    const newest = [...this.messages.values()].sort((a, b) => b.dateCreation - a.dateCreation).slice(0, this.options.instance.count);
    this.messages.clear();
    for (const m of newest) this.messages.set(m._id, m);
  }
}
