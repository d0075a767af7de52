/**
 * Tat's API through the shared HTTP client: the four routes the extension uses (ovh/tat
 * `api/routes.go`), each answer checked for the shape the model gives before it is used, and every
 * failure turned into the one `SourceError` with Tat's own `{"error": …}` words.
 */
import { SourceError } from '../../core/sourceError';
import { toSourceError } from '../../http/toSourceError';
import type { Credential, HttpClientLike } from '../../http/types';
import type { TatInstance } from './instance';
import type { TatLabel, TatMessage, TatMessageJSONOut, TatMessagesJSON, TatNewMessage, TatTopic, TatTopicsJSON } from './types';

export const SERVICE = 'Tat';
/** The most messages one `GET /messages` may ask for (api/messages.go: "Please put a limit <= 50"). */
export const TAT_MAX_LIMIT = 50;

export interface ListMessagesQuery {
  /** Seconds since the epoch: only messages updated at or after it. */
  dateMinUpdate?: number;
  skip?: number;
  limit?: number;
  treeView?: 'notree' | 'onetree' | 'fulltree';
}

export interface TatApiOptions {
  http: HttpClientLike;
  instance: Pick<TatInstance, 'url'>;
  credential?: Credential;
}

/** Tat's error body is `{"error": "…"}` (gin.H{"error": …} in every handler). */
export function tatServiceMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { error?: unknown }).error === 'string') {
      return (parsed as { error: string }).error.slice(0, 300);
    }
  } catch {
    // not JSON: nothing of Tat's own to quote
  }
  return undefined;
}

export class TatApi {
  requests = 0;
  constructor(private readonly options: TatApiOptions) {}

  /** `GET /topics`: the topics this user may read. */
  async listTopics(signal?: AbortSignal): Promise<TatTopic[]> {
    const data = await this.call<TatTopicsJSON>(
      'list Tat topics',
      undefined,
      { method: 'GET', path: '/topics', query: { skip: 0, limit: 500 } },
      signal,
    );
    if (!isObject(data) || (data.topics !== null && !Array.isArray(data.topics))) throw badShape('list Tat topics', 'topics is not a list');
    return (data.topics ?? []).filter((t): t is TatTopic => isObject(t) && typeof t.topic === 'string');
  }

  /** `GET /messages/*topic`: one page, newest created first. */
  async listMessages(topic: string, query: ListMessagesQuery, signal?: AbortSignal): Promise<TatMessage[]> {
    const what = `list messages of ${topic}`;
    const data = await this.call<TatMessagesJSON>(
      what,
      topic,
      {
        method: 'GET',
        path: `/messages${encodeTopic(topic)}`,
        query: {
          skip: query.skip ?? 0,
          limit: Math.min(query.limit ?? TAT_MAX_LIMIT, TAT_MAX_LIMIT),
          treeView: query.treeView,
          dateMinUpdate: query.dateMinUpdate === undefined ? undefined : Math.floor(query.dateMinUpdate),
        },
      },
      signal,
    );
    if (!isObject(data) || (data.messages !== null && data.messages !== undefined && !Array.isArray(data.messages))) {
      throw badShape(what, 'messages is not a list');
    }
    return (data.messages ?? []).filter(isMessage);
  }

  /** `POST /message/*topic`: a new root message, with labels from the creation. */
  async post(topic: string, message: TatNewMessage, signal?: AbortSignal): Promise<TatMessage> {
    const body: Record<string, unknown> = { text: message.text };
    if (message.labels?.length) body.labels = message.labels;
    return this.messageOut(`post to ${topic}`, topic, 'POST', body, signal);
  }

  /** `POST /message/*topic` with `action: reply`. */
  reply(topic: string, id: string, text: string, signal?: AbortSignal): Promise<TatMessage> {
    return this.messageOut(`reply in ${topic}`, topic, 'POST', { text, idReference: id, action: 'reply' }, signal);
  }

  /** `PUT /message/*topic` with `action: label` (`option` is the label's colour). */
  label(topic: string, id: string, label: TatLabel, signal?: AbortSignal): Promise<TatMessage> {
    return this.messageOut(
      `label a message of ${topic}`,
      topic,
      'PUT',
      { idReference: id, action: 'label', text: label.text, option: label.color },
      signal,
    );
  }

  unlabel(topic: string, id: string, text: string, signal?: AbortSignal): Promise<TatMessage> {
    return this.messageOut(`unlabel a message of ${topic}`, topic, 'PUT', { idReference: id, action: 'unlabel', text }, signal);
  }

  like(topic: string, id: string, like: boolean, signal?: AbortSignal): Promise<TatMessage> {
    return this.messageOut(`like a message of ${topic}`, topic, 'PUT', { idReference: id, action: like ? 'like' : 'unlike' }, signal);
  }

  private async messageOut(
    what: string,
    topic: string,
    method: 'POST' | 'PUT',
    body: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<TatMessage> {
    // Posting is not idempotent: never retried by the client, so a slow answer cannot post twice.
    const data = await this.call<TatMessageJSONOut>(
      what,
      topic,
      { method, path: `/message${encodeTopic(topic)}`, body, maxRetries: 0 },
      signal,
    );
    if (!isObject(data) || !isMessage(data.message)) throw badShape(what, 'no message in the answer');
    return data.message;
  }

  private async call<T>(
    what: string,
    resource: string | undefined,
    req: {
      method: 'GET' | 'POST' | 'PUT';
      path: string;
      query?: Record<string, string | number | undefined>;
      body?: unknown;
      maxRetries?: number;
    },
    signal?: AbortSignal,
  ): Promise<T> {
    this.requests++;
    try {
      const res = await this.options.http.request<T>({
        method: req.method,
        url: `${this.options.instance.url}${req.path}`,
        query: req.query,
        body: req.body,
        credential: this.options.credential,
        signal,
        maxRetries: req.maxRetries,
        // Tat sends no validators; a conditional GET would only cost a cache entry.
        conditional: false,
      });
      return res.data;
    } catch (error) {
      throw toSourceError(error, {
        service: SERVICE,
        what,
        resource: resource ? `topic ${resource}` : undefined,
        serviceMessage: tatServiceMessage,
      });
    }
  }
}

/** Each segment URL-encoded, the slashes kept (Tat's routes take the topic as `/*topic`). */
function encodeTopic(topic: string): string {
  return topic
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

function badShape(what: string, why: string): SourceError {
  return new SourceError(`Could not ${what}: Tat's answer is not what its API returns (${why}).`, 'badResponse', SERVICE);
}

function isObject(value: unknown): value is Record<string, unknown> & Partial<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMessage(value: unknown): value is TatMessage {
  return isObject(value) && typeof value._id === 'string' && typeof value.text === 'string' && typeof value.dateCreation === 'number';
}
