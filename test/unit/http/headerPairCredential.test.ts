import assert from 'node:assert/strict';
import { HttpClient } from '../../../src/http/client';
import { headerPairCredential } from '../../../src/http/credentials';
import { empty, json, TestServer } from './testServer';

describe('headerPairCredential (a user-name header next to a secret header)', () => {
  let server: TestServer;
  let other: TestServer;
  const password = 'pa55-w0rd-very-secret';
  beforeEach(async () => {
    server = await TestServer.start();
    other = await TestServer.start();
  });
  afterEach(async () => {
    await server.close();
    await other.close();
  });
  const credential = () =>
    headerPairCredential(server.origin, { header: 'Svc_user', value: 'me' }, { header: 'Svc_password', value: password });

  it('sends both headers to its origin, and neither after a redirect to another origin', async () => {
    other.route('/landing', json(200, { ok: true }));
    server.route('/start', empty(302, { location: other.url('/landing') }));
    const client = new HttpClient({ maxRetries: 0 });
    await client.request({ url: server.url('/start'), credential: credential() });
    assert.equal(server.requests[0].headers.svc_user, 'me');
    assert.equal(server.requests[0].headers.svc_password, password);
    assert.equal(other.requests[0].headers.svc_user, undefined);
    assert.equal(other.requests[0].headers.svc_password, undefined);
  });

  it('is refused for another origin and never shows the password in errors', async () => {
    const client = new HttpClient({ maxRetries: 0 });
    const error = await client.request({ url: other.url('/x'), credential: credential() }).then(
      () => assert.fail('should refuse'),
      (e: Error) => e,
    );
    assert.match(error.message, /refused to send the credential/);
    assert.equal(other.requests.length, 0);
    server.route('/echo', json(500, { error: `bad password ${password}` }));
    const echoed = await client.request({ url: server.url('/echo'), credential: credential() }).then(
      () => assert.fail('should fail'),
      (e: Error) => e,
    );
    assert.ok(!JSON.stringify(echoed).includes(password) && !echoed.message.includes(password));
  });
});
