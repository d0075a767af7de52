import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignalHub } from '../../../src/core/hub';
import { silentLogger } from '../../../src/core/logger';
import { Refresher } from '../../../src/core/refresher';
import type { Signal } from '../../../src/core/signal';
import { HttpClient } from '../../../src/http/client';

/** A refresh's AbortSignal reaches every request it makes, even those made without it. */
describe('http: requests are cancelled with the refresh that makes them (core/abortScope)', () => {
  it('cancels a request of a source that never passed its signal on', async () => {
    let arrived!: () => void;
    const requested = new Promise<void>((resolve) => (arrived = resolve));
    const server = http.createServer(() => arrived()); // never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
    try {
      const client = new HttpClient({ maxRetries: 0, timeoutMs: 60_000 });
      const source = {
        id: 'test:slow',
        label: 'slow',
        phases: ['build'] as const,
        // A helper deep in a source: it has no signal to pass.
        refresh: async (): Promise<Signal[]> => (await client.request<Signal[]>({ url })).data,
      };
      const controller = new AbortController();
      const outcome = new Refresher(new SignalHub(), silentLogger).refresh(source, controller.signal);
      await requested;
      controller.abort();
      const result = await outcome;
      assert.equal(result.ok, false);
      assert.match(result.error ?? '', /cancelled/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
