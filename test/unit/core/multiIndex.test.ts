import assert from 'node:assert/strict';
import { MultiIndex } from '../../../src/core/multiIndex';

describe('MultiIndex', () => {
  it('keeps ids per key through adds and deletes, one id or many', () => {
    const index = new MultiIndex();
    index.add('k', 'a');
    index.add('k', 'a');
    assert.deepEqual([...index.ids('k')], ['a']);
    index.add('k', 'b');
    index.add('k', 'c');
    assert.equal(index.count('k'), 3);
    index.delete('k', 'b');
    assert.deepEqual([...index.ids('k')].sort(), ['a', 'c']);
    index.delete('k', 'a');
    assert.deepEqual([...index.ids('k')], ['c']);
    index.add('k', 'd');
    assert.deepEqual([...index.ids('k')].sort(), ['c', 'd']);
    index.delete('k', 'c');
    index.delete('k', 'd');
    assert.equal(index.count('k'), 0);
    assert.deepEqual([...index.ids('k')], []);
    index.delete('missing', 'x');
    index.add('k', 'e');
    index.delete('k', 'other');
    assert.deepEqual([...index.ids('k')], ['e']);
  });
});
