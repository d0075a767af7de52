import assert from 'node:assert/strict';
import { checkServerUrl } from '../../../src/http/serverUrl';

describe('checkServerUrl', () => {
  it('accepts http(s) URLs and refuses the rest with a reason, never echoing a password', () => {
    assert.equal((checkServerUrl(' https://am.example.com:9093/ ') as { url: URL }).url.origin, 'https://am.example.com:9093');
    assert.deepEqual(checkServerUrl('ftp://x'), { error: 'ftp: URLs are not supported; use http or https' });
    assert.match((checkServerUrl('nonsense') as { error: string }).error, /is not a valid URL/);
    const withPassword = checkServerUrl('https://ada:hunter2@am.example.com', 'the token') as { error: string };
    assert.match(withPassword.error, /configure the token separately/);
    assert.ok(!withPassword.error.includes('hunter2'));
  });
});
