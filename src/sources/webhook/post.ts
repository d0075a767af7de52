/**
 * Sends a message to an incoming webhook: one POST, one retry after a short wait when it fails, then
 * an error in words fit for the user. The webhook URL is the secret (whoever has it can post), so no
 * message built here ever contains it: failures name the webhook by the name the user gave it.
 */
import { errorMessage } from '../../core/errorMessage';
import type { HttpClientLike } from '../../http/types';
import type { WebhookPayload } from './slackMessage';

export interface PostOptions {
  http: HttpClientLike;
  /** Waits between the two attempts (tests make it instant). */
  sleep?: (ms: number) => Promise<void>;
  retryDelayMs?: number;
}

export class WebhookError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

export async function postToWebhook(name: string, url: string, payload: WebhookPayload, options: PostOptions): Promise<void> {
  const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let last = '';
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      // Never retried inside the client: a post is not idempotent, this loop decides.
      await options.http.request({ method: 'POST', url, body: payload, responseType: 'text', maxRetries: 0, conditional: false });
      return;
    } catch (error) {
      last = reason(error);
      if (attempt === 1) await sleep(options.retryDelayMs ?? 1000);
    }
  }
  throw new WebhookError(`the webhook "${name}" did not take the message after 2 attempts (${last})`, 2);
}

/** What went wrong without the URL: the status and the chat tool's short answer, or the network error kind. */
function reason(error: unknown): string {
  const e = error as { status?: number; body?: string; kind?: string };
  if (typeof e.status === 'number') {
    const said = typeof e.body === 'string' && e.body.length < 200 && /^[\w\s._-]+$/.test(e.body) ? `: ${e.body.trim()}` : '';
    return `HTTP ${e.status}${said}`;
  }
  if (typeof e.kind === 'string') return e.kind === 'timeout' ? 'timed out' : e.kind === 'network' ? 'could not connect' : e.kind;
  return errorMessage(error).replace(/https?:\/\/\S+/g, '<webhook URL>');
}
