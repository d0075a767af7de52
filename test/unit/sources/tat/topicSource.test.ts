import assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/http/client';
import { isSourceError } from '../../../../src/core/sourceError';
import { parseTatInstance, tatCredential, TatApi, TatTopicSource, type TatInstance } from '../../../../src/sources/tat';
import { TatDocServer } from '../../../fixtures/tat/docServer';

const SHA = 'a'.repeat(40);

function instanceFor(server: TatDocServer, extra: Record<string, unknown> = {}): TatInstance {
  const parsed = parseTatInstance({ url: server.origin, username: server.username, topics: ['/Team/Deploys'], ...extra });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.instance;
}

describe('Tat topic source against the documented server', () => {
  let server: TatDocServer;
  let now: number;
  const http = new HttpClient({ maxRetries: 1, sleep: () => Promise.resolve() });
  beforeEach(async () => {
    server = await TatDocServer.start();
    now = Date.UTC(2026, 0, 10, 12);
    server.now = () => now / 1000;
    server.addTopic('/Team/Deploys');
  });
  afterEach(async () => {
    assert.deepEqual(server.violations, []);
    await server.close();
  });
  const source = (extra: Record<string, unknown> = {}, password = server.password) => {
    const instance = instanceFor(server, extra);
    return new TatTopicSource({ http, instance, topic: '/Team/Deploys', credential: tatCredential(instance, password), now: () => now });
  };

  it('maps messages to phase signals with anchors, labels, replies and likes, sending Tat_username / Tat_password', async () => {
    const deploy = server.seed('/Team/Deploys', `api v1.2 deployed #env:production #commit:${SHA} #service:api`, {
      labels: [{ text: 'deployed', color: '#0f0' }],
      likers: ['bob'],
    });
    server.seed('/Team/Deploys', 'looks good', {
      inReplyOfID: deploy._id,
      inReplyOfIDRoot: deploy._id,
      author: { username: 'bob', fullname: 'Bob' },
    });
    server.seed('/Team/Deploys', 'HighLatency #alert:HighLatency #file:src/api.ts:10-12', { labels: [{ text: 'firing', color: '#f00' }] });
    server.seed('/Team/Deploys', 'lunch at noon');
    const signals = await source().refresh(new AbortController().signal);
    const byTitle = new Map(signals.map((s) => [s.title, s]));
    const d = byTitle.get('api v1.2 deployed')!;
    assert.equal(d.kind, 'deployment');
    assert.deepEqual(d.state, { normal: 'success', native: 'deployed' });
    assert.deepEqual(d.anchors, { commits: [SHA], environment: 'production' });
    assert.ok(d.tags.includes('service:api'));
    const tat = d.detail?.tat as { replies: Array<{ author: string; text: string }>; likes: number; likers: string[] };
    assert.deepEqual(
      tat.replies.map((r) => [r.author, r.text]),
      [['Bob', 'looks good']],
    );
    assert.equal(tat.likes, 1);
    const a = byTitle.get('HighLatency')!;
    assert.equal(a.kind, 'alert');
    assert.equal(a.state.normal, 'firing');
    assert.deepEqual(a.anchors.files, [{ path: 'src/api.ts', line: 10, endLine: 12 }]);
    assert.equal(byTitle.get('lunch at noon')!.kind, 'message');
    assert.equal(signals.length, 3, 'the reply is a detail of its root, not a signal');
    const req = server.requests.find((r) => r.operation === 'GET /messages/*topic')!;
    assert.equal(req.username, server.username);
    assert.equal(req.password, server.password);
  });

  it('reads incrementally by dateMinUpdate within the window, and bounds the count', async () => {
    server.seed('/Team/Deploys', 'old', { dateCreation: now / 1000 - 30 * 86_400 });
    for (let i = 0; i < 60; i++) server.seed('/Team/Deploys', `m${i}`, { dateCreation: now / 1000 - 3600 + i });
    const s = source({ days: 7, count: 55 });
    const first = await s.refresh(new AbortController().signal);
    assert.equal(first.length, 55);
    assert.equal(s.lastRead?.full, true);
    assert.equal(s.lastRead?.since, Math.floor(now / 1000 - 7 * 86_400));
    assert.equal(s.lastRead?.requests, 2, 'two pages: 50 then 5');
    assert.ok(!first.some((x) => x.title === 'old'));
    const newestSeen = now / 1000 - 3600 + 59;
    now += 60_000;
    server.seed('/Team/Deploys', 'new one', { labels: [{ text: 'failed', color: 'red' }] });
    const second = await s.refresh(new AbortController().signal);
    assert.equal(s.lastRead?.full, false);
    assert.equal(s.lastRead?.since, Math.floor(newestSeen - 1), 'from the newest update seen, one second of overlap');
    assert.equal(s.lastRead?.received, 3, 'the two at the boundary again, and the new one');
    assert.equal(s.lastRead?.requests, 1);
    assert.equal(second.length, 55);
    assert.equal(second.find((x) => x.title === 'new one')?.state.normal, 'failed');
    const urls = server.requests
      .filter((r) => r.operation === 'GET /messages/*topic')
      .map((r) => new URL(r.url, server.origin).searchParams);
    assert.ok(urls.every((q) => q.get('treeView') === 'onetree' && Number(q.get('limit')) <= 50));
  });

  it('sees a label added later (incremental) and maps it through a configured label map', async () => {
    const m = server.seed('/Team/Deploys', 'db migration #deploy:db', { labels: [{ text: 'EnCours', color: '' }] });
    const s = source({ labelStates: { encours: 'running', constructor: 'nonsense' } });
    assert.equal((await s.refresh(new AbortController().signal))[0].state.normal, 'running');
    now += 5000;
    const api = new TatApi({ http, instance: instanceFor(server), credential: tatCredential(instanceFor(server), server.password) });
    await api.label('/Team/Deploys', m._id, { text: 'success', color: '#0f0' });
    const after = await s.refresh(new AbortController().signal);
    assert.equal(after[0].state.normal, 'success');
  });

  it('turns 401, 5xx and malformed JSON into clear SourceErrors without the password', async () => {
    const wrong = source({}, 'wrong-password-123');
    const e401 = await wrong.refresh(new AbortController().signal).catch((e: unknown) => e);
    assert.ok(isSourceError(e401));
    assert.equal(e401.kind, 'auth');
    assert.match(e401.message, /Tat did not accept the credentials \(401\)/);
    assert.ok(!e401.message.includes('wrong-password-123'));
    const s = source();
    server.replyOnce('GET /messages/*topic', { status: 503, body: { error: 'mongo down' } });
    server.replyOnce('GET /messages/*topic', { status: 503, body: { error: 'mongo down' } });
    const e503 = await s.refresh(new AbortController().signal).catch((e: unknown) => e);
    assert.ok(isSourceError(e503));
    assert.equal(e503.kind, 'server');
    assert.match(e503.message, /mongo down/);
    server.replyOnce('GET /messages/*topic', { status: 200, rawBody: '{"messages": [{"_id": "x", "te' });
    const bad = await s.refresh(new AbortController().signal).catch((e: unknown) => e);
    assert.ok(isSourceError(bad));
    assert.equal(bad.kind, 'badResponse');
    server.replyOnce('GET /messages/*topic', { status: 200, body: { messages: 'nope' } });
    const shape = await s.refresh(new AbortController().signal).catch((e: unknown) => e);
    assert.ok(isSourceError(shape) && shape.kind === 'badResponse');
  });

  it('keeps hostile text plain and hostile tags from anchoring outside the repository', async () => {
    server.seed('/Team/Deploys', '[click](command:evil) $(zap) \u202eevil #file:../../etc/passwd:1 #file:/abs:2 #commit:abc #constructor', {
      labels: [
        { text: '__proto__', color: '' },
        { text: 'x'.repeat(500), color: '' },
      ],
    });
    const [s] = await source().refresh(new AbortController().signal);
    assert.ok(!s.title.includes('[') && !s.title.includes('$(') && !s.title.includes('\u202e') && !/command:/.test(s.title));
    assert.equal(s.anchors.files, undefined);
    assert.equal(s.anchors.commits, undefined, 'a short SHA stays a tag');
    assert.ok(s.tags.includes('commit:abc'));
    assert.equal(s.state.normal, 'unknown');
    assert.ok(s.labels.every((l) => l.length <= 100));
  });

  it('rejects what Tat does not document (the server is strict, so the client must be)', async () => {
    const res = await fetch(`${server.origin}/messages/Team/Deploys?limit=500`, {
      headers: { Tat_username: server.username, Tat_password: server.password },
    });
    assert.equal(res.status, 400);
    const other = await fetch(`${server.origin}/presences`, { headers: { Tat_username: server.username, Tat_password: server.password } });
    assert.equal(other.status, 400);
    assert.equal(server.violations.length, 2);
    server.violations.length = 0;
    const missing = await fetch(`${server.origin}/topics`);
    assert.equal(missing.status, 400);
  });
});

describe('Tat API: topics and posting', () => {
  let server: TatDocServer;
  const http = new HttpClient({ maxRetries: 0 });
  beforeEach(async () => {
    server = await TatDocServer.start();
  });
  afterEach(async () => {
    assert.deepEqual(server.violations, []);
    await server.close();
  });

  it('lists topics, posts with labels, replies, likes, labels and unlabels', async () => {
    server.addTopic('/Team/Deploys');
    server.addTopic('/Team/Alerts');
    const instance = instanceFor(server);
    const api = new TatApi({ http, instance, credential: tatCredential(instance, server.password) });
    assert.deepEqual(
      (await api.listTopics()).map((t) => t.topic),
      ['/Team/Alerts', '/Team/Deploys'],
    );
    const posted = await api.post('/Team/Deploys', { text: 'hello #env:prod', labels: [{ text: 'deploy', color: '#00f' }] });
    assert.deepEqual(server.find(posted._id)?.tags, ['env:prod']);
    await api.reply('/Team/Deploys', posted._id, 'a reply');
    await api.like('/Team/Deploys', posted._id, true);
    await api.label('/Team/Deploys', posted._id, { text: 'resolved', color: '#0f0' });
    await api.unlabel('/Team/Deploys', posted._id, 'deploy');
    const stored = server.find(posted._id)!;
    assert.deepEqual(
      stored.labels?.map((l) => l.text),
      ['resolved'],
    );
    assert.deepEqual(stored.likers, [server.username]);
    assert.equal(stored.nbReplies, 1);
    const e = await api.post('/No/Such', { text: 'x' }).catch((x: unknown) => x);
    assert.ok(isSourceError(e) && e.kind === 'forbidden');
  });

  it('parses instance settings and refuses bad ones', () => {
    assert.equal(parseTatInstance({ url: 'https://u:p@tat.example.com', username: 'me' }).ok, false);
    assert.equal(parseTatInstance({ url: 'https://tat.example.com', username: 'me', topics: ['not-a-topic'] }).ok, false);
    assert.equal(parseTatInstance({ url: 'ftp://tat.example.com', username: 'me' }).ok, false);
    const ok = parseTatInstance({ url: 'https://tat.example.com/api/', username: 'me', topics: ['/A/B'], days: 9999, count: -1 });
    assert.ok(ok.ok);
    assert.equal(ok.instance.url, 'https://tat.example.com/api');
    assert.equal(ok.instance.days, 365);
    assert.equal(ok.instance.count, 200);
  });
});
