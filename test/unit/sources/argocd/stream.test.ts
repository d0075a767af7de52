/**
 * The application stream: the SSE parser with chunks cut anywhere, comments and malformed events;
 * the watch against the documented server (`result` envelopes over text/event-stream, the token
 * sent, events mapped as after a poll); an `error` envelope and a refused stream as SourceErrors.
 */
import assert from 'node:assert/strict';
import { SourceError } from '../../../../src/core/sourceError';
import type { Signal } from '../../../../src/core/signal';
import { ArgoCdWatch, parseArgoCdInstance, SseParser } from '../../../../src/sources/argocd';
import { runtimeError } from '../../../fixtures/argocd/argoServer';
import { argoApp, shaOf } from '../../../fixtures/argocd/synthetic';
import { REPO_HTTPS, signal, startArgo, TOKEN, type ArgoFixture } from './helpers';

describe('argocd SSE parser', () => {
  it('gives the same events however the text is cut', () => {
    const text = ': keep-alive\ndata: {"a":1}\n\nevent: custom\ndata: line one\ndata: line two\nid: 7\n\r\ndata: {"b":2}\r\n\r\n';
    const whole = new SseParser().push(text);
    assert.deepEqual(whole, [
      { type: 'message', data: '{"a":1}' },
      { type: 'custom', data: 'line one\nline two', id: '7' },
      { type: 'message', data: '{"b":2}', id: '7' },
    ]);
    for (let size = 1; size <= 7; size++) {
      const parser = new SseParser();
      const events = [];
      for (let i = 0; i < text.length; i += size) events.push(...parser.push(text.slice(i, i + size)));
      assert.deepEqual(events, whole, `chunks of ${size}`);
    }
  });

  it('holds an unfinished event back until its blank line', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push('data: {"half":'), []);
    assert.ok(parser.pending > 0);
    assert.deepEqual(parser.push('true}\n'), []);
    assert.deepEqual(parser.push('\n'), [{ type: 'message', data: '{"half":true}' }]);
  });
});

describe('argocd application watch', () => {
  let f: ArgoFixture;
  beforeEach(async () => {
    f = await startArgo();
    f.server.setApp(
      argoApp({ name: 'shop', repoURL: REPO_HTTPS, history: [{ id: 0, revision: shaOf(1), deployedAt: '2026-02-01T10:00:00Z' }] }),
    );
  });
  afterEach(async () => {
    assert.deepEqual(f.server.violations, []);
    await f.server.close();
  });

  it('skips malformed events and keeps the apps it knows, whatever the chunking', () => {
    const seen: string[][] = [];
    const watch = new ArgoCdWatch({
      http: f.http,
      instance: parseArgoCdInstance({ url: f.server.url })!,
      onApps: (apps) => seen.push(apps.map((a) => a.metadata!.name!)),
    });
    const app = (name: string) => JSON.stringify({ result: { type: 'ADDED', application: { metadata: { name } } } });
    const text = `data: ${app('a')}\n\ndata: {not json\n\ndata: {"result":{"type":"ADDED"}}\n\ndata: ${app('b')}\n\ndata: ${JSON.stringify({ result: { type: 'DELETED', application: { metadata: { name: 'a' } } } })}\n\n`;
    for (let i = 0; i < text.length; i += 13) watch.push(text.slice(i, i + 13));
    assert.equal(watch.malformed, 2);
    assert.deepEqual(seen.at(-1), ['b']);
  });

  it('streams changes from the documented server, mapped as a refresh would map them', async () => {
    await f.source.refresh(signal());
    const abort = new AbortController();
    const batches: Signal[][] = [];
    const done = f.source.watch(abort.signal, (signals) => {
      batches.push(signals);
      if (batches.length === 1) {
        const app = structuredClone(f.server.apps[0]);
        (app.status as { health: { status: string } }).health.status = 'Degraded';
        f.server.emit('MODIFIED', app);
      } else abort.abort();
    });
    await assert.rejects(done, (e: unknown) => e instanceof SourceError && e.kind === 'cancelled');
    const [stream] = f.server.requestsOf('GET /api/v1/stream/applications');
    assert.equal(stream.accept, 'text/event-stream');
    assert.equal(stream.authorization, `Bearer ${TOKEN}`);
    assert.equal(batches.at(-1)?.[0].state.normal, 'failed');
    assert.equal(batches.at(-1)?.length, 2, 'the app and its history, as after a poll');
  });

  it("an error envelope ends the watch with Argo CD's words; a refused stream is a SourceError", async () => {
    await f.source.refresh(signal());
    const abort = new AbortController();
    const done = f.source.watch(abort.signal, () => undefined);
    await new Promise((r) => setTimeout(r, 100));
    f.server.emitRaw(`data: ${JSON.stringify({ error: { http_code: 403, message: 'permission denied', grpc_code: 7 } })}\n\n`);
    await assert.rejects(
      done,
      (e: unknown) => e instanceof SourceError && e.kind === 'forbidden' && /Argo CD says "permission denied"/.test(e.message),
    );

    f.server.replyOnce('GET /api/v1/stream/applications', runtimeError(401, 'token expired'));
    await assert.rejects(
      f.source.watch(new AbortController().signal, () => undefined),
      (e: unknown) =>
        e instanceof SourceError && e.kind === 'auth' && /Argo CD says "token expired"/.test(e.message) && !e.message.includes(TOKEN),
    );
  });
});
