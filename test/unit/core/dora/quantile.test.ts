import assert from 'node:assert/strict';
import { median, quantile } from '../../../../src/core/dora/quantile';

describe('dora quantile (nearest rank)', () => {
  it('is undefined without samples', () => {
    assert.equal(median([]), undefined);
    assert.equal(quantile([], 0.9), undefined);
  });
  it('takes the sample at rank ceil(p·n)', () => {
    assert.equal(median([5]), 5);
    assert.equal(median([4, 1, 3, 2]), 2); // rank 2 of 1,2,3,4
    assert.equal(median([1, 2, 3, 4, 5]), 3);
    assert.equal(quantile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9), 90);
    assert.equal(quantile([1, 2, 3], 0.9), 3);
  });
});
