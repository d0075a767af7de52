/** The PagerDuty test server refuses what its OpenAPI descriptions do not document. */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { PagerDutyServer } from '../../../fixtures/pagerduty/pagerDutyServer';
import { incident } from '../../../fixtures/pagerduty/synthetic';

const KEY = 'pd-key';
function call(server: PagerDutyServer, method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<number>((ok, fail) => {
    const req = request(`${server.url}${path}`, { method, headers }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.end(body);
  });
}

describe('pagerduty test server', () => {
  let server: PagerDutyServer;
  beforeEach(async () => {
    server = await PagerDutyServer.start({ token: KEY });
  });
  afterEach(() => server.close());

  const documented = {
    authorization: `Token token=${KEY}`,
    accept: 'application/vnd.pagerduty+json;version=2',
    'content-type': 'application/json',
  };

  it('answers documented requests and refuses a missing header, an unknown parameter or value, a From-less update', async () => {
    assert.equal(await call(server, 'GET', '/incidents?statuses[]=triggered', documented), 200);
    assert.equal(await call(server, 'GET', '/incidents', { authorization: documented.authorization }), 400);
    assert.equal(await call(server, 'GET', '/incidents?colour=red', documented), 400);
    assert.equal(await call(server, 'GET', '/incidents?statuses[]=open', documented), 400);
    assert.equal(
      await call(
        server,
        'PUT',
        '/incidents/PINC1',
        documented,
        JSON.stringify({ incident: { type: 'incident_reference', status: 'acknowledged' } }),
      ),
      400,
    );
    assert.equal(await call(server, 'GET', '/schedules', documented), 404);
    assert.deepEqual(
      server.violations.map((v) => v.replace(/:.*/, '')),
      ['GET /incidents', 'GET /incidents', 'GET /incidents', 'PUT /incidents/{id}', 'GET /schedules is not an operation of the extract'],
    );
  });

  it('refuses test data PagerDuty does not document', () => {
    const bad = { ...incident({ id: 'PINC1', number: 1, title: 't', status: 'triggered', service: ['PSVC1', 's'] }), colour: 'red' };
    assert.throws(() => server.add('incidents', bad), /colour is not a property the description documents/);
    assert.throws(() => server.add('incidents', { ...bad, colour: undefined, status: 'open' }), /not one of/);
  });
});
