import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cdsState } from '../../../../src/sources/cds/status';

const extract = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/cds/cds-api-extract.json'), 'utf8')) as {
  statuses: string[];
};

describe('CDS statuses', () => {
  it('maps every status word of sdk/build.go, keeping the native word', () => {
    for (const word of extract.statuses) assert.equal(cdsState(word).native, word);
    assert.equal(cdsState('Building').normal, 'running');
    assert.equal(cdsState('Success').normal, 'success');
    assert.equal(cdsState('Fail').normal, 'failed');
    assert.equal(cdsState('Stopped').normal, 'cancelled');
    assert.equal(cdsState('Skipped').normal, 'skipped');
  });

  it('treats unknown and hostile words as unknown', () => {
    assert.deepEqual(cdsState('__proto__'), { normal: 'unknown', native: '__proto__' });
    assert.deepEqual(cdsState(42), { normal: 'unknown', native: 'Unknown' });
  });
});
