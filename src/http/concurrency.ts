/**
 * A counting semaphore with a FIFO queue: at most `limit` holders at once, waiters served in
 * arrival order (those that ask to go `first` before the others, in their own arrival order), and a
 * waiter whose signal aborts leaves the queue without ever holding a slot.
 */

/** Thrown by `acquire` when the caller's signal aborts while it waits. */
export class AcquireAbortedError extends Error {
  constructor() {
    super('aborted while waiting for a free slot');
    this.name = 'AcquireAbortedError';
  }
}

interface Waiter {
  grant(): void;
  first: boolean;
}

export class Semaphore {
  private active = 0;
  private readonly queue: Waiter[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
    }
  }

  /** Holders right now (for diagnostics and tests). */
  get inUse(): number {
    return this.active;
  }

  /** Waiters right now. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Resolves with a `release` function once a slot is free; call it exactly once. `first`: served
   * before every waiter that did not ask for it (e.g. what a user waits for, ahead of background reads).
   */
  acquire(signal?: AbortSignal, options: { first?: boolean } = {}): Promise<() => void> {
    if (signal?.aborted) {
      return Promise.reject(new AcquireAbortedError());
    }
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) {
          this.queue.splice(index, 1);
        }
        reject(new AcquireAbortedError());
      };
      const waiter: Waiter = {
        first: options.first === true,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.releaser());
        },
      };
      const after = waiter.first ? this.queue.findIndex((w) => !w.first) : -1;
      if (after >= 0) this.queue.splice(after, 0, waiter);
      else this.queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      const next = this.queue.shift();
      if (next) {
        // The slot passes straight to the next waiter; `active` stays the same.
        next.grant();
      } else {
        this.active--;
      }
    };
  }
}
