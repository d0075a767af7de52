import assert from 'node:assert/strict';
import { linkTarget } from '../../../../src/http/link';
import { githubCredential } from '../../../../src/sources/github/api';
import { parseEnterpriseHost, parseGitHubRemote } from '../../../../src/sources/github/remote';
import { findOperation } from '../../../fixtures/github/openapiServer';

/** GitHub pages with the one Link-header parser of src/http. */
const nextLink = (header: string | undefined) => linkTarget(header, 'next');

describe('github/api helpers', () => {
  it('reads rel="next" from a Link header in the form GitHub documents', () => {
    const documented = findOperation('GET /repos/{owner}/{repo}/issues').responses['200'].headers;
    assert.deepEqual(documented, ['Link']);
    assert.equal(
      nextLink('<https://api.github.com/resource?page=2>; rel="next", <https://api.github.com/resource?page=5>; rel="last"'),
      'https://api.github.com/resource?page=2',
    );
    assert.equal(nextLink('<https://x/a?page=1>; rel="prev", <https://x/a?page=3>; rel="next"'), 'https://x/a?page=3');
    assert.equal(nextLink('<https://x/a?page=4>; rel="last"'), undefined);
    assert.equal(nextLink('<https://x/a?page=4>; rel="nextish"'), undefined);
    assert.equal(nextLink(''), undefined);
    assert.equal(nextLink(undefined), undefined);
    assert.equal(nextLink('garbage, <also; rel=next'), undefined);
  });

  it('binds the credential to the API origin only', () => {
    const dotcom = githubCredential(parseGitHubRemote('https://github.com/o/r')!, 'tok');
    assert.deepEqual(dotcom, { origin: 'https://api.github.com', header: 'Authorization', value: 'Bearer tok', secret: 'tok' });
    const ghes = parseGitHubRemote('git@ghe.example.com:o/r.git', [parseEnterpriseHost('ghe.example.com')!])!;
    assert.equal(githubCredential(ghes, 'tok').origin, 'https://ghe.example.com');
  });
});
