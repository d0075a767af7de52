/**
 * Performance bands of the 2023 Accelerate State of DevOps Report (DORA, Google Cloud), software
 * delivery performance clusters:
 *
 * | cluster | deployment frequency            | lead time for changes      | change failure rate | failed deployment recovery time |
 * | elite   | on demand (several per day)     | less than one day          | 5%                  | less than one hour              |
 * | high    | once per day to once per week   | one day to one week        | 10%                 | less than one day               |
 * | medium  | once per week to once per month | one week to one month      | 15%                 | one day to one week             |
 * | low     | once per week to once per month | one week to one month      | 64%                 | one month to six months         |
 *
 * The report describes clusters, not cut-offs, and its low cluster repeats the medium ranges for
 * frequency and lead time. To classify one team we take each cluster's upper bound as the threshold
 * and call everything past medium "low" (less than monthly, over a month); change failure rate uses
 * the cluster values as ceilings (≤ 5%, ≤ 10%, ≤ 15%, above). One edition everywhere, named in the UI.
 */
export type Band = 'elite' | 'high' | 'medium' | 'low';

export const BAND_EDITION = '2023 Accelerate State of DevOps Report (DORA)';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The thresholds as people read them, shown next to each metric and in the export. */
export const BAND_THRESHOLDS = {
  deploymentFrequency: 'elite ≥ 1 per day · high ≥ 1 per week · medium ≥ 1 per month · low less often',
  leadTime: 'elite < 1 day · high < 1 week · medium < 1 month · low longer (median)',
  changeFailureRate: 'elite ≤ 5% · high ≤ 10% · medium ≤ 15% · low above',
  recoveryTime: 'elite < 1 hour · high < 1 day · medium < 1 week · low longer (median)',
} as const;

/** Successful deploys per day. */
export function frequencyBand(perDay: number): Band {
  if (perDay >= 1) return 'elite';
  if (perDay >= 1 / 7) return 'high';
  if (perDay >= 1 / 30) return 'medium';
  return 'low';
}

export function leadTimeBand(medianMs: number): Band {
  if (medianMs < DAY) return 'elite';
  if (medianMs < 7 * DAY) return 'high';
  if (medianMs < 30 * DAY) return 'medium';
  return 'low';
}

/** `rate` in [0, 1]. */
export function failureRateBand(rate: number): Band {
  if (rate <= 0.05) return 'elite';
  if (rate <= 0.1) return 'high';
  if (rate <= 0.15) return 'medium';
  return 'low';
}

export function recoveryBand(medianMs: number): Band {
  if (medianMs < HOUR) return 'elite';
  if (medianMs < DAY) return 'high';
  if (medianMs < 7 * DAY) return 'medium';
  return 'low';
}
