/**
 * key → ids, for the hub's secondary indexes. A key with one id (most commits, files, parents)
 * stores the id itself; a Set is made only when a second id arrives, so ingesting many signals
 * does not allocate a Set per unique key.
 */
export class MultiIndex {
  private readonly map = new Map<string, string | Set<string>>();

  add(key: string, id: string): void {
    const current = this.map.get(key);
    if (current === undefined) {
      this.map.set(key, id);
    } else if (typeof current === 'string') {
      if (current !== id) this.map.set(key, new Set([current, id]));
    } else {
      current.add(id);
    }
  }

  delete(key: string, id: string): void {
    const current = this.map.get(key);
    if (current === undefined) return;
    if (typeof current === 'string') {
      if (current === id) this.map.delete(key);
      return;
    }
    current.delete(id);
    if (current.size === 1) {
      this.map.set(key, current.values().next().value as string);
    } else if (current.size === 0) {
      this.map.delete(key);
    }
  }

  count(key: string): number {
    const current = this.map.get(key);
    return current === undefined ? 0 : typeof current === 'string' ? 1 : current.size;
  }

  ids(key: string): Iterable<string> {
    const current = this.map.get(key);
    return current === undefined ? [] : typeof current === 'string' ? [current] : current;
  }
}
