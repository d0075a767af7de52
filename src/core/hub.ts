import { Emitter, Event } from './events';
import { MultiIndex } from './multiIndex';
import { NormalState, Phase, SIGNAL_KINDS, Signal, SignalKind, phaseOf } from './signal';

/** What a query can ask for; every given field must match (AND). */
export interface SignalQuery {
  kind?: SignalKind | readonly SignalKind[];
  phase?: Phase;
  source?: string;
  tag?: string;
  label?: string;
  commit?: string;
  /** Repository-relative path of a file anchor. */
  file?: string;
  environment?: string;
  branch?: string;
  /** A repository identity, or any of several (the aliases of one workspace repository). */
  repo?: string | readonly string[];
  parentId?: string;
}

export interface StateChange {
  id: string;
  from: NormalState;
  to: NormalState;
  at: number;
}

/** One batch of changes, fired once per upsert/replace/remove call. */
export interface HubChange {
  added: readonly Signal[];
  updated: readonly Signal[];
  removed: readonly Signal[];
  stateChanges: readonly StateChange[];
}

export type SourceStatus = 'ok' | 'stale' | 'error';

/** How a source is doing: views show stale data and errors from this, never from thrown exceptions. */
export interface SourceHealth {
  source: string;
  status: SourceStatus;
  message?: string;
  lastSuccessAt?: number;
}

export const SNAPSHOT_SCHEMA = 'devops-feedback-hub/v1';

export interface HubSnapshot {
  schema: typeof SNAPSHOT_SCHEMA;
  savedAt: number;
  signals: Signal[];
  health: SourceHealth[];
}

export interface HubOptions {
  /** State changes kept per signal. */
  historyLimit?: number;
  clock?: () => number;
}

/**
 * The one store of signals: upsert by id, secondary indexes for the
 * queries views and editor marks make, a short state history, typed change events and snapshots.
 */
export class SignalHub {
  private readonly signals = new Map<string, Signal>();
  private readonly history = new Map<string, StateChange[]>();
  private readonly health = new Map<string, SourceHealth>();
  private readonly indexes = {
    kind: new MultiIndex(),
    source: new MultiIndex(),
    tag: new MultiIndex(),
    label: new MultiIndex(),
    commit: new MultiIndex(),
    file: new MultiIndex(),
    environment: new MultiIndex(),
    branch: new MultiIndex(),
    repo: new MultiIndex(),
    parent: new MultiIndex(),
  };
  private readonly historyLimit: number;
  private readonly clock: () => number;
  private readonly changeEmitter = new Emitter<HubChange>();
  private readonly healthEmitter = new Emitter<SourceHealth>();

  readonly onDidChange: Event<HubChange> = this.changeEmitter.event;
  readonly onDidChangeHealth: Event<SourceHealth> = this.healthEmitter.event;

  constructor(options: HubOptions = {}) {
    this.historyLimit = options.historyLimit ?? 20;
    this.clock = options.clock ?? Date.now;
  }

  get size(): number {
    return this.signals.size;
  }

  get(id: string): Signal | undefined {
    return this.signals.get(id);
  }

  all(): Signal[] {
    return [...this.signals.values()];
  }

  /** Adds or replaces signals by id. Unchanged signals fire nothing. */
  upsert(signals: Iterable<Signal>): HubChange {
    const change = emptyChange();
    for (const signal of signals) {
      this.put(signal, change);
    }
    this.fire(change);
    return change;
  }

  /**
   * Makes `signals` the complete current set of `source`: upserts them and removes the
   * source's signals that are no longer reported. This is what a refresh does.
   */
  replaceSource(source: string, signals: Iterable<Signal>): HubChange {
    const change = emptyChange();
    const seen = new Set<string>();
    for (const signal of signals) {
      if (signal.source !== source) {
        throw new Error(`Signal ${signal.id} belongs to ${signal.source}, not ${source}`);
      }
      seen.add(signal.id);
      this.put(signal, change);
    }
    for (const id of [...this.indexes.source.ids(source)]) {
      if (!seen.has(id)) {
        this.take(id, change);
      }
    }
    this.fire(change);
    return change;
  }

  remove(ids: Iterable<string>): HubChange {
    const change = emptyChange();
    for (const id of ids) {
      this.take(id, change);
    }
    this.fire(change);
    return change;
  }

  /** Signals matching every field of the query, from the smallest index that applies. */
  query(query: SignalQuery): Signal[] {
    const candidates = this.candidates(query);
    const result: Signal[] = [];
    for (const id of candidates) {
      const signal = this.signals.get(id);
      if (signal && matches(signal, query)) {
        result.push(signal);
      }
    }
    return result;
  }

  children(parentId: string): Signal[] {
    return this.query({ parentId });
  }

  /** Recent state changes of a signal, oldest first. */
  stateHistory(id: string): readonly StateChange[] {
    return this.history.get(id) ?? [];
  }

  setHealth(health: SourceHealth): void {
    const previous = this.health.get(health.source);
    if (
      previous &&
      previous.status === health.status &&
      previous.message === health.message &&
      previous.lastSuccessAt === health.lastSuccessAt
    ) {
      return;
    }
    this.health.set(health.source, health);
    this.healthEmitter.fire(health);
  }

  getHealth(source: string): SourceHealth | undefined {
    return this.health.get(source);
  }

  allHealth(): SourceHealth[] {
    return [...this.health.values()];
  }

  toSnapshot(): HubSnapshot {
    return { schema: SNAPSHOT_SCHEMA, savedAt: this.clock(), signals: this.all(), health: this.allHealth() };
  }

  /**
   * Fills the hub from a snapshot of an earlier session. Every source in it is marked stale
   * until it refreshes. Malformed entries are skipped; the count skipped is returned.
   */
  loadSnapshot(snapshot: unknown): { loaded: number; skipped: number } {
    if (!isSnapshot(snapshot)) {
      throw new Error('Not a hub snapshot (unknown schema)');
    }
    const valid = snapshot.signals.filter(isSignalShaped);
    this.upsert(valid);
    const sources = new Set(valid.map((s) => s.source));
    for (const h of snapshot.health) {
      if (h && typeof h.source === 'string') {
        sources.add(h.source);
      }
    }
    const previous = new Map(snapshot.health.filter((h) => h && typeof h.source === 'string').map((h) => [h.source, h]));
    for (const source of sources) {
      if (!this.health.has(source)) {
        const lastSuccessAt = previous.get(source)?.lastSuccessAt;
        this.setHealth({ source, status: 'stale', message: 'Showing data from the last session', lastSuccessAt });
      }
    }
    return { loaded: valid.length, skipped: snapshot.signals.length - valid.length };
  }

  dispose(): void {
    this.changeEmitter.dispose();
    this.healthEmitter.dispose();
  }

  private put(signal: Signal, change: MutableChange): void {
    const previous = this.signals.get(signal.id);
    if (previous === signal || (previous && sameSignal(previous, signal))) {
      return;
    }
    if (previous) {
      this.unindex(previous);
      if (previous.state.normal !== signal.state.normal) {
        const stateChange = { id: signal.id, from: previous.state.normal, to: signal.state.normal, at: this.clock() };
        this.recordHistory(stateChange);
        change.stateChanges.push(stateChange);
      }
      change.updated.push(signal);
    } else {
      change.added.push(signal);
    }
    this.signals.set(signal.id, signal);
    this.index(signal);
  }

  private take(id: string, change: MutableChange): void {
    const previous = this.signals.get(id);
    if (!previous) {
      return;
    }
    this.unindex(previous);
    this.signals.delete(id);
    this.history.delete(id);
    change.removed.push(previous);
  }

  private recordHistory(stateChange: StateChange): void {
    let list = this.history.get(stateChange.id);
    if (!list) {
      list = [];
      this.history.set(stateChange.id, list);
    }
    list.push(stateChange);
    if (list.length > this.historyLimit) {
      list.shift();
    }
  }

  private index(signal: Signal): void {
    const id = signal.id;
    this.eachKey(signal, (index, key) => index.add(key, id));
  }

  private unindex(signal: Signal): void {
    const id = signal.id;
    this.eachKey(signal, (index, key) => index.delete(key, id));
  }

  private eachKey(signal: Signal, visit: (index: MultiIndex, key: string) => void): void {
    const ix = this.indexes;
    visit(ix.kind, signal.kind);
    visit(ix.source, signal.source);
    for (const t of signal.tags) visit(ix.tag, t);
    for (const l of signal.labels) visit(ix.label, l);
    const anchors = signal.anchors;
    if (anchors.commits) for (const c of anchors.commits) visit(ix.commit, c);
    if (anchors.files) for (const f of anchors.files) visit(ix.file, f.path);
    if (anchors.environment !== undefined) visit(ix.environment, anchors.environment);
    if (anchors.branch !== undefined) visit(ix.branch, anchors.branch);
    if (anchors.repo !== undefined) visit(ix.repo, anchors.repo);
    if (signal.parentId !== undefined) visit(ix.parent, signal.parentId);
  }

  private candidates(query: SignalQuery): Iterable<string> {
    const ix = this.indexes;
    const picked: Array<[MultiIndex, string]> = [];
    const pick = (index: MultiIndex, key: string | undefined) => {
      if (key !== undefined) picked.push([index, key]);
    };
    pick(ix.parent, query.parentId);
    pick(ix.commit, query.commit);
    pick(ix.file, query.file);
    pick(ix.tag, query.tag);
    pick(ix.label, query.label);
    pick(ix.environment, query.environment);
    pick(ix.branch, query.branch);
    if (typeof query.repo === 'string') pick(ix.repo, query.repo);
    pick(ix.source, query.source);
    if (typeof query.kind === 'string') {
      pick(ix.kind, query.kind);
    }
    if (picked.length === 0 && Array.isArray(query.repo)) {
      return [...new Set((query.repo as readonly string[]).flatMap((r) => [...ix.repo.ids(r)]))];
    }
    if (picked.length === 0) {
      if (Array.isArray(query.kind) || query.phase) {
        const kinds = Array.isArray(query.kind) ? query.kind : kindsOfPhase(query.phase as Phase);
        return kinds.flatMap((k) => [...ix.kind.ids(k)]);
      }
      return this.signals.keys();
    }
    let [smallest, smallestKey] = picked[0];
    for (const [index, key] of picked) {
      if (index.count(key) < smallest.count(smallestKey)) [smallest, smallestKey] = [index, key];
    }
    return smallest.ids(smallestKey);
  }

  private fire(change: MutableChange): void {
    if (change.added.length || change.updated.length || change.removed.length) {
      this.changeEmitter.fire(change);
    }
  }
}

type MutableChange = { added: Signal[]; updated: Signal[]; removed: Signal[]; stateChanges: StateChange[] };

function emptyChange(): MutableChange {
  return { added: [], updated: [], removed: [], stateChanges: [] };
}

function kindsOfPhase(phase: Phase): SignalKind[] {
  return SIGNAL_KINDS.filter((k) => phaseOf(k) === phase);
}

function matches(s: Signal, q: SignalQuery): boolean {
  if (q.kind !== undefined && (typeof q.kind === 'string' ? s.kind !== q.kind : !q.kind.includes(s.kind))) return false;
  if (q.phase !== undefined && phaseOf(s.kind) !== q.phase) return false;
  if (q.source !== undefined && s.source !== q.source) return false;
  if (q.tag !== undefined && !s.tags.includes(q.tag)) return false;
  if (q.label !== undefined && !s.labels.includes(q.label)) return false;
  if (q.commit !== undefined && !(s.anchors.commits ?? []).includes(q.commit)) return false;
  if (q.file !== undefined && !(s.anchors.files ?? []).some((f) => f.path === q.file)) return false;
  if (q.environment !== undefined && s.anchors.environment !== q.environment) return false;
  if (q.branch !== undefined && s.anchors.branch !== q.branch) return false;
  if (
    q.repo !== undefined &&
    (typeof q.repo === 'string' ? s.anchors.repo !== q.repo : s.anchors.repo === undefined || !q.repo.includes(s.anchors.repo))
  )
    return false;
  if (q.parentId !== undefined && s.parentId !== q.parentId) return false;
  return true;
}

/** Structural equality of two plain-JSON signals; cheap fields first so most differences exit early. */
export function sameSignal(a: Signal, b: Signal): boolean {
  return (
    a.updatedAt === b.updatedAt &&
    a.state.normal === b.state.normal &&
    a.state.native === b.state.native &&
    a.title === b.title &&
    deepEqual(a, b)
  );
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

function isSnapshot(x: unknown): x is HubSnapshot {
  const s = x as HubSnapshot;
  return typeof s === 'object' && s !== null && s.schema === SNAPSHOT_SCHEMA && Array.isArray(s.signals) && Array.isArray(s.health);
}

/** Enough shape that the hub's indexes and the views cannot throw on it. */
export function isSignalShaped(x: unknown): x is Signal {
  const s = x as Signal;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.id === 'string' &&
    typeof s.source === 'string' &&
    typeof s.kind === 'string' &&
    typeof s.title === 'string' &&
    typeof s.state === 'object' &&
    s.state !== null &&
    typeof s.state.normal === 'string' &&
    typeof s.state.native === 'string' &&
    typeof s.createdAt === 'number' &&
    typeof s.updatedAt === 'number' &&
    Array.isArray(s.labels) &&
    s.labels.every((l) => typeof l === 'string') &&
    Array.isArray(s.tags) &&
    s.tags.every((t) => typeof t === 'string') &&
    typeof s.anchors === 'object' &&
    s.anchors !== null &&
    (s.anchors.commits === undefined || (Array.isArray(s.anchors.commits) && s.anchors.commits.every((c) => typeof c === 'string'))) &&
    (s.anchors.files === undefined || (Array.isArray(s.anchors.files) && s.anchors.files.every((f) => f && typeof f.path === 'string')))
  );
}
