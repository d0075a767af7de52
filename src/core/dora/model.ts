import type { Band } from './bands';
import type { Trend } from './trend';
import type { TimeWindow } from './window';

/**
 * The dashboard's numbers and the events behind them: what the page draws and what the export
 * writes. Plain JSON.
 */
export type MetricKey = 'deploymentFrequency' | 'leadTime' | 'changeFailureRate' | 'recoveryTime';
export type PhaseKey = 'ciSuccess' | 'ciDuration' | 'prCycle' | 'reviewWait' | 'alerts' | 'errors';

/** One event behind a number: a signal (opened in its details panel) or a commit. */
export interface ReportEvent {
  /** The signal id, or the commit SHA for a change. */
  ref: string;
  kind: string;
  title: string;
  at: number;
  /** What it contributes, e.g. "lead 2.1 d", "rolled back", "failed". */
  value: string;
  /** The signal a click opens (a change opens the deploy that shipped it). */
  signalId?: string;
}

export interface Tile {
  key: MetricKey | PhaseKey;
  title: string;
  /** The number in its unit (per day, ms, ratio 0–1, count); absent when there is nothing to measure. */
  value?: number;
  display: string;
  band?: Band;
  previous?: number;
  previousDisplay?: string;
  trend: Trend;
  /** Whether a higher value is better (for the trend arrow's meaning). */
  higherIsBetter?: boolean;
  definition: string;
  thresholds?: string;
  improve: string;
  /** The value per bucket of the window, oldest first; null where there is nothing to measure. */
  spark: Array<number | null>;
  events: ReportEvent[];
  /** Total events before the page's cut (the export has them all). */
  eventCount: number;
}

export interface DayCount {
  /** Start of the day (ms). */
  day: number;
  success: number;
  failed: number;
}

export interface HistogramBin {
  label: string;
  count: number;
}

export interface DoraReport {
  edition: string;
  generatedAt: number;
  window: TimeWindow;
  environment: string;
  environments: string[];
  service?: string;
  services: string[];
  keys: Tile[];
  phases: Tile[];
  deploysPerDay: DayCount[];
  leadTimeHistogram: HistogramBin[];
  /** Missing inputs and how they change the numbers, in plain words. */
  notes: string[];
}
