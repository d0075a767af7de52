/**
 * Tat benchmarks: ingesting 10,000 messages from the raw JSON Tat sends (`GET /messages`, the
 * `Message` model with labels, tags and replies; parse, map to signals, upsert into the hub) against
 * `JSON.parse` alone on the same bytes; and what an incremental poll costs against the documented
 * server once the window is read (requests, messages received).
 */
import { SignalHub } from '../../src/core/hub';
import { HttpClient } from '../../src/http/client';
import { mapMessage, parseTatInstance, tatCredential, TatTopicSource, type TatMessage } from '../../src/sources/tat';
import { TatDocServer } from '../fixtures/tat/docServer';
import { BenchRow, time } from './measure';

const TOPIC = '/Team/Deploys';
const SOURCE = 'tat:tat.example.com/Team/Deploys';

function syntheticMessages(count: number): string {
  const labels = ['deployed', 'failed', 'running', 'firing', 'resolved', 'success'];
  const messages: TatMessage[] = [];
  for (let i = 0; i < count; i++) {
    const sha = (i.toString(16) + '0'.repeat(40)).slice(0, 40);
    const tags = [`commit:${sha}`, `env:env-${i % 5}`, `service:svc-${i % 17}`, i % 3 === 0 ? `alert:Alert${i % 11}` : `pipeline:${i}`];
    messages.push({
      _id: `m${i}`,
      text: `message ${i} about ${tags[2]} ${tags.map((t) => `#${t}`).join(' ')}`,
      topic: TOPIC,
      inReplyOfID: '',
      inReplyOfIDRoot: '',
      nbLikes: i % 4,
      labels: [{ text: labels[i % labels.length], color: '#eeeeee' }],
      tags,
      dateCreation: 1_700_000_000 + i,
      dateUpdate: 1_700_000_000 + i,
      author: { username: `user${i % 50}`, fullname: `User ${i % 50}` },
      nbReplies: i % 10 === 0 ? 1 : 0,
      ...(i % 10 === 0
        ? {
            replies: [
              {
                _id: `r${i}`,
                text: 'ack',
                topic: TOPIC,
                dateCreation: 1_700_000_001 + i,
                dateUpdate: 1_700_000_001 + i,
                author: { username: 'bob', fullname: 'Bob' },
              },
            ],
          }
        : {}),
    });
  }
  return JSON.stringify({ messages, isTopicRw: true, isTopicAdmin: false });
}

function ingest(json: string): SignalHub {
  const hub = new SignalHub();
  const ctx = { sourceId: SOURCE, topic: TOPIC };
  hub.replaceSource(
    SOURCE,
    (JSON.parse(json) as { messages: TatMessage[] }).messages.map((m) => mapMessage(m, ctx)),
  );
  return hub;
}

export function tatIngestBench(): BenchRow[] {
  const json = syntheticMessages(10_000);
  const parseMs = time(() => JSON.parse(json), 7, 2, true);
  const ingestMs = time(() => ingest(json), 7, 2, true);
  return [
    { name: 'Tat: JSON.parse of 10,000 messages', value: `${parseMs.toFixed(1)} ms`, target: `${(json.length / 1e6).toFixed(1)} MB` },
    {
      name: 'Tat: parse + map + hub ingest of the same',
      value: `${ingestMs.toFixed(1)} ms`,
      target: '≤ 3× JSON.parse',
      ok: ingestMs <= 3 * parseMs,
    },
    { name: 'Tat: ratio ingest / JSON.parse', value: `${(ingestMs / parseMs).toFixed(2)}×` },
  ];
}

/** After the window is read, an incremental poll asks only for what changed: one request, few messages. */
export async function tatPollBench(): Promise<BenchRow[]> {
  const server = await TatDocServer.start();
  try {
    const now = Date.now();
    for (let i = 0; i < 500; i++) server.seed(TOPIC, `m${i} #env:prod`, { dateCreation: now / 1000 - 3600 + i });
    const parsed = parseTatInstance({ url: server.origin, username: server.username, topics: [TOPIC], count: 500 });
    if (!parsed.ok) throw new Error(parsed.error);
    const source = new TatTopicSource({
      http: new HttpClient({ maxRetries: 0 }),
      instance: parsed.instance,
      topic: TOPIC,
      credential: tatCredential(parsed.instance, server.password),
      now: () => now,
    });
    await source.refresh(new AbortController().signal);
    const first = source.lastRead!;
    await source.refresh(new AbortController().signal);
    const idle = source.lastRead!;
    if (server.violations.length) throw new Error(`requests Tat does not document: ${server.violations.join('; ')}`);
    return [
      { name: 'Tat: first read of a 500-message window', value: `${first.requests} requests, ${first.received} messages` },
      {
        name: 'Tat: incremental poll with nothing new',
        value: `${idle.requests} request, ${idle.received} messages`,
        target: '1 request, ≤ 2 messages',
        ok: idle.requests === 1 && idle.received <= 2,
      },
    ];
  } finally {
    await server.close();
  }
}

export async function tatBench(): Promise<BenchRow[]> {
  return [...tatIngestBench(), ...(await tatPollBench())];
}
