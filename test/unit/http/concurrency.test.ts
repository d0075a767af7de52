import assert from 'node:assert/strict';
import { AcquireAbortedError, Semaphore } from '../../../src/http/concurrency';

describe('Semaphore', () => {
  it('grants up to the limit at once, then serves waiters in arrival order', async () => {
    const semaphore = new Semaphore(2);
    const order: string[] = [];
    const a = await semaphore.acquire();
    const b = await semaphore.acquire();
    const c = semaphore.acquire().then((release) => {
      order.push('c');
      return release;
    });
    const d = semaphore.acquire().then((release) => {
      order.push('d');
      return release;
    });
    await Promise.resolve();

    assert.equal(semaphore.inUse, 2);
    assert.equal(semaphore.waiting, 2);
    a();
    (await c)();
    b();
    (await d)();

    assert.deepEqual(order, ['c', 'd']);
    assert.equal(semaphore.inUse, 0);
  });

  it('serves waiters that ask to go first before the others, each group in arrival order', async () => {
    const semaphore = new Semaphore(1);
    const order: string[] = [];
    const held = await semaphore.acquire();
    const waiters = [
      ['background 1', false],
      ['user 1', true],
      ['background 2', false],
      ['user 2', true],
    ].map(([name, first]) =>
      semaphore.acquire(undefined, { first: first as boolean }).then((release) => {
        order.push(name as string);
        release();
      }),
    );
    held();
    await Promise.all(waiters);
    assert.deepEqual(order, ['user 1', 'user 2', 'background 1', 'background 2']);
  });

  it('lets an aborted waiter leave the queue without taking a slot', async () => {
    const semaphore = new Semaphore(1);
    const held = await semaphore.acquire();
    const controller = new AbortController();
    const aborted = semaphore.acquire(controller.signal);
    const next = semaphore.acquire();

    controller.abort();
    await assert.rejects(aborted, AcquireAbortedError);
    assert.equal(semaphore.waiting, 1);
    held();
    (await next)();
    assert.equal(semaphore.inUse, 0);
  });

  it('rejects at once when the signal is already aborted, and ignores a double release', async () => {
    const semaphore = new Semaphore(1);
    await assert.rejects(semaphore.acquire(AbortSignal.abort()), AcquireAbortedError);
    const release = await semaphore.acquire();
    release();
    release();
    assert.equal(semaphore.inUse, 0);
  });

  it('refuses a limit below one', () => {
    assert.throws(() => new Semaphore(0), RangeError);
  });
});
