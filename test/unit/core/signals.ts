import { Signal, SignalKind, NormalState, signalId } from '../../../src/core/signal';

/** Builds a valid signal for tests; every field can be overridden. */
export function makeSignal(nativeId: string | number, overrides: Partial<Signal> = {}): Signal {
  const source = overrides.source ?? 'test:src';
  const kind: SignalKind = overrides.kind ?? 'pipelineRun';
  const normal: NormalState = overrides.state?.normal ?? 'success';
  return {
    id: signalId(source, kind, nativeId),
    source,
    kind,
    title: `item ${nativeId}`,
    state: { normal, native: normal },
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    labels: [],
    tags: [],
    anchors: {},
    ...overrides,
  };
}
