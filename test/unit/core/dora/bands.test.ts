import assert from 'node:assert/strict';
import { BAND_EDITION, failureRateBand, frequencyBand, leadTimeBand, recoveryBand } from '../../../../src/core/dora/bands';
import { DAY, HOUR } from './history';

describe('dora bands (2023 report)', () => {
  it('names its edition', () => assert.match(BAND_EDITION, /2023 Accelerate State of DevOps/));
  it('classifies deployment frequency at the cluster bounds', () => {
    assert.equal(frequencyBand(3), 'elite');
    assert.equal(frequencyBand(1), 'elite');
    assert.equal(frequencyBand(0.99), 'high');
    assert.equal(frequencyBand(1 / 7), 'high');
    assert.equal(frequencyBand(1 / 8), 'medium');
    assert.equal(frequencyBand(1 / 30), 'medium');
    assert.equal(frequencyBand(1 / 31), 'low');
    assert.equal(frequencyBand(0), 'low');
  });
  it('classifies lead time', () => {
    assert.equal(leadTimeBand(23 * HOUR), 'elite');
    assert.equal(leadTimeBand(DAY), 'high');
    assert.equal(leadTimeBand(7 * DAY), 'medium');
    assert.equal(leadTimeBand(30 * DAY), 'low');
  });
  it('classifies change failure rate with the cluster values as ceilings', () => {
    assert.equal(failureRateBand(0), 'elite');
    assert.equal(failureRateBand(0.05), 'elite');
    assert.equal(failureRateBand(0.1), 'high');
    assert.equal(failureRateBand(0.15), 'medium');
    assert.equal(failureRateBand(0.151), 'low');
  });
  it('classifies recovery time', () => {
    assert.equal(recoveryBand(59 * 60_000), 'elite');
    assert.equal(recoveryBand(HOUR), 'high');
    assert.equal(recoveryBand(DAY), 'medium');
    assert.equal(recoveryBand(7 * DAY), 'low');
  });
});
