/**
 * Wraps `fn` so that any number of calls within one turn of the event loop run it once, in a
 * microtask: a burst of hub changes redraws a view or the Problems panel once.
 */
export function coalesce(fn: () => void): () => void {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      fn();
    });
  };
}
