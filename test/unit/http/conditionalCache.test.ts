import assert from 'node:assert/strict';
import { ConditionalCache, conditionalCacheKey, type CachedResponse } from '../../../src/http/conditionalCache';

function entry(body: string, etag = '"e"'): CachedResponse {
  return { etag, status: 200, headers: {}, body };
}

describe('conditionalCacheKey', () => {
  it('separates credentials without containing the secret', () => {
    const credential = { origin: 'https://api.github.com', header: 'Authorization', value: 'Bearer ghp_secretvalue' };
    const key = conditionalCacheKey('GET', 'https://api.github.com/user', credential, 'application/json');
    const other = conditionalCacheKey(
      'GET',
      'https://api.github.com/user',
      { ...credential, value: 'Bearer ghp_other' },
      'application/json',
    );
    const anonymous = conditionalCacheKey('GET', 'https://api.github.com/user', undefined, 'application/json');

    assert.ok(!key.includes('ghp_secretvalue'));
    assert.notEqual(key, other);
    assert.notEqual(key, anonymous);
    assert.notEqual(key, conditionalCacheKey('GET', 'https://api.github.com/user', credential, 'application/vnd.github.diff'));
  });
});

describe('ConditionalCache', () => {
  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = new ConditionalCache({ maxEntries: 2 });
    cache.set('a', entry('A'));
    cache.set('b', entry('B'));
    cache.get('a');
    cache.set('c', entry('C'));

    assert.equal(cache.size, 2);
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a')?.body, 'A');
    assert.equal(cache.get('c')?.body, 'C');
  });

  it('bounds the total body size and skips a body larger than the whole budget', () => {
    const cache = new ConditionalCache({ maxTotalChars: 10 });
    cache.set('a', entry('12345'));
    cache.set('b', entry('123456'));
    cache.set('huge', entry('x'.repeat(11)));

    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.get('b')?.body, '123456');
    assert.equal(cache.get('huge'), undefined);
  });

  it('stores only responses with a validator, and a response without one drops the old entry', () => {
    const cache = new ConditionalCache();
    cache.set('a', entry('A'));
    cache.set('a', { status: 200, headers: {}, body: 'A2' });
    cache.set('lm', { lastModified: 'Wed, 21 Oct 2015 07:28:00 GMT', status: 200, headers: {}, body: 'L' });

    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.get('lm')?.body, 'L');
  });
});
