import type { ReportEvent, Tile } from './model';
import { trend } from './trend';

/** Builds tiles and their events: the trend and previous value derived the same way for every metric. */
export function event(ref: string, kind: string, title: string, at: number, value: string): ReportEvent {
  return { ref, kind, title, at, value, ...(kind !== 'commit' ? { signalId: ref } : {}) };
}

interface TileInput extends Omit<Tile, 'trend' | 'eventCount' | 'previousDisplay'> {
  format: (value: number) => string;
}

/** A tile with its trend and previous value filled in. */
export function tile(input: TileInput): Tile {
  const { format, ...rest } = input;
  return {
    ...rest,
    trend: rest.higherIsBetter === undefined ? 'unknown' : trend(rest.value, rest.previous, rest.higherIsBetter),
    ...(rest.previous !== undefined ? { previousDisplay: format(rest.previous) } : {}),
    eventCount: rest.events.length,
  };
}
