import assert from 'node:assert/strict';
import { trend } from '../../../../src/core/dora/trend';
import { currentWindow, dayIndex, inWindow, previousWindow } from '../../../../src/core/dora/window';
import { DAY } from './history';

describe('dora trend and windows', () => {
  it('reads a change in the right direction, with a 5% dead band', () => {
    assert.equal(trend(2, 1, true), 'better');
    assert.equal(trend(2, 1, false), 'worse');
    assert.equal(trend(1, 2, false), 'better');
    assert.equal(trend(1.04, 1, true), 'same');
    assert.equal(trend(0, 0, true), 'same');
    assert.equal(trend(undefined, 1, true), 'unknown');
    assert.equal(trend(1, undefined, true), 'unknown');
  });
  it('windows are half-open and the previous one adjoins', () => {
    const w = currentWindow(100 * DAY, 7);
    assert.deepEqual(w, { start: 93 * DAY, end: 100 * DAY, days: 7 });
    assert.deepEqual(previousWindow(w), { start: 86 * DAY, end: 93 * DAY, days: 7 });
    assert.ok(inWindow(93 * DAY, w));
    assert.ok(!inWindow(100 * DAY, w));
    assert.equal(dayIndex(93 * DAY + 25 * 3600_000, w), 1);
    assert.equal(dayIndex(92 * DAY, w), -1);
  });
});
