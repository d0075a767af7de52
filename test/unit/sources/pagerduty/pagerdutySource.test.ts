/**
 * PagerDuty against the test server that answers only as its published OpenAPI descriptions do: who
 * is on call now and next, open incidents of the chosen services (by id or name), acknowledge and
 * resolve with the documented `From` header, Events API v2 trigger and resolve by dedup key, and
 * failures as the one SourceError with the last data kept.
 */
import assert from 'node:assert/strict';
import { SignalHub } from '../../../../src/core/hub';
import { silentLogger } from '../../../../src/core/logger';
import { Refresher } from '../../../../src/core/refresher';
import { SourceError } from '../../../../src/core/sourceError';
import { HttpClient } from '../../../../src/http/client';
import { buildView } from '../../../../src/core/phaseTree';
import { pagerDutyCredential, pagerDutyEndpoints, pagerdutyMonitorLayout, PagerDutySource } from '../../../../src/sources/pagerduty';
import { loadPagerDutyExtract, PagerDutyServer, pdError } from '../../../fixtures/pagerduty/pagerDutyServer';
import { incident, oncall, service } from '../../../fixtures/pagerduty/synthetic';

const KEY = 'pd-key-0123456789abcdef';
const NOW = Date.parse('2026-03-04T12:00:00Z');
const signal = () => new AbortController().signal;

describe('pagerduty source', () => {
  let server: PagerDutyServer;
  let http: HttpClient;
  const source = (services: string[] = ['PSVC001'], policies: string[] = ['PPOL001']) =>
    new PagerDutySource({
      http,
      endpoints: { rest: server.url, events: `${server.url}/v2` },
      credential: pagerDutyCredential(server.url, KEY),
      escalationPolicies: policies,
      services,
      now: () => NOW,
    });

  beforeEach(async () => {
    server = await PagerDutyServer.start({ token: KEY });
    http = new HttpClient({ maxRetries: 0 });
    server.add('services', service('PSVC001', 'checkout'));
    server.add(
      'oncalls',
      oncall({
        user: ['PUSR001', 'Ada Lovelace'],
        policy: ['PPOL001', 'Checkout on-call'],
        level: 1,
        start: '2026-03-01T09:00:00Z',
        end: '2026-03-08T09:00:00Z',
      }),
    );
    server.add(
      'oncalls',
      oncall({
        user: ['PUSR002', 'Grace Hopper'],
        policy: ['PPOL001', 'Checkout on-call'],
        level: 1,
        start: '2026-03-08T09:00:00Z',
        end: '2026-03-15T09:00:00Z',
      }),
    );
    server.add(
      'oncalls',
      oncall({
        user: ['PUSR003', 'Past Person'],
        policy: ['PPOL001', 'Checkout on-call'],
        level: 1,
        start: '2026-02-20T09:00:00Z',
        end: '2026-03-01T09:00:00Z',
      }),
    );
    server.add(
      'incidents',
      incident({
        id: 'PINC001',
        number: 42,
        title: 'Checkout 500s',
        status: 'triggered',
        service: ['PSVC001', 'checkout'],
        assignee: ['PUSR001', 'Ada Lovelace'],
      }),
    );
    server.add(
      'incidents',
      incident({ id: 'PINC002', number: 43, title: 'Other team', status: 'triggered', service: ['PSVC999', 'billing'] }),
    );
  });
  afterEach(async () => {
    assert.deepEqual(server.violations, [], 'every request is one PagerDuty documents');
    await server.close();
  });

  it('records the description it answers from', () => {
    const extract = loadPagerDutyExtract();
    assert.equal(extract.source.repository, 'PagerDuty/api-schema');
    assert.match(extract.source.commit, /^[0-9a-f]{40}$/);
    assert.equal(extract.source.files.rest.path, 'reference/REST/openapiv3.json');
    assert.equal(extract.source.files.events.path, 'reference/events-v2/openapiv3.json');
    assert.deepEqual(pagerDutyEndpoints('eu'), { rest: 'https://api.eu.pagerduty.com', events: 'https://events.eu.pagerduty.com/v2' });
    assert.deepEqual(pagerDutyEndpoints('us'), { rest: 'https://api.pagerduty.com', events: 'https://events.pagerduty.com/v2' });
  });

  it('says who is on call now and next, until when, and lists the open incidents of the chosen service', async () => {
    const signals = await source().refresh(signal());
    const oncalls = signals.filter((s) => s.kind === 'onCall');
    assert.deepEqual(
      oncalls.map((s) => [s.title, s.state.native, s.detail?.end]),
      [
        ['Ada Lovelace', 'on call', Date.parse('2026-03-08T09:00:00Z')],
        ['Grace Hopper', 'next', Date.parse('2026-03-15T09:00:00Z')],
      ],
    );
    const incidents = signals.filter((s) => s.kind === 'incident');
    assert.deepEqual(
      incidents.map((s) => s.title),
      ['Checkout 500s'],
    );
    assert.ok(incidents[0].tags.includes('service:checkout'), 'linked to alerts of the service');
    assert.equal(incidents[0].state.normal, 'open');
    const requests = server.requests.filter((r) => r.api === 'rest');
    assert.ok(requests.every((r) => r.authorization === `Token token=${KEY}`));
    assert.match(
      server.requestsOf('GET /incidents')[0].url,
      /statuses%5B%5D=triggered&statuses%5B%5D=acknowledged&service_ids%5B%5D=PSVC001/,
    );

    const tree = buildView('monitor', { signals, health: [] }, [pagerdutyMonitorLayout()]);
    assert.deepEqual(
      tree.map((n) => (n.type === 'group' ? n.label : '')),
      ['On call', 'PagerDuty incidents'],
    );
    const policy = tree[0].type === 'group' ? tree[0].children[0] : undefined;
    assert.ok(policy?.type === 'group');
    assert.equal(policy.label, 'Checkout on-call');
    assert.equal(policy.description, 'now: Ada Lovelace');
    assert.deepEqual(
      policy.children.map((c) => (c.type === 'signal' ? c.description : '')),
      ['level 1 · until 2026-03-08 09:00', 'level 1 · next, from 2026-03-08 09:00 until 2026-03-15 09:00'],
    );
  });

  it('finds services and escalation policies named in the settings, once', async () => {
    server.add('policies', {
      id: 'PPOL001',
      type: 'escalation_policy',
      name: 'Checkout on-call',
      summary: 'Checkout on-call',
      escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: 'PUSR001', type: 'user_reference' }] }],
    });
    const s = source(['checkout'], ['Checkout on-call']);
    await s.refresh(signal());
    await s.refresh(signal());
    assert.equal(server.requestsOf('GET /services').length, 1);
    assert.equal(server.requestsOf('GET /escalation_policies').length, 1);
    assert.match(server.requestsOf('GET /incidents')[1].url, /service_ids%5B%5D=PSVC001/);
  });

  it("with no service chosen, shows the incidents of the services Monitor's alerts name, else every service's", async () => {
    let alerting: string[] = ['Checkout', 'payments-unknown-to-pagerduty'];
    const s = new PagerDutySource({
      http,
      endpoints: { rest: server.url, events: `${server.url}/v2` },
      credential: pagerDutyCredential(server.url, KEY),
      escalationPolicies: [],
      services: [],
      monitoredServices: () => alerting,
      now: () => NOW,
    });
    await s.refresh(signal());
    assert.match(server.requestsOf('GET /incidents')[0].url, /service_ids%5B%5D=PSVC001/, 'the alerts name checkout (any case)');
    alerting = ['nothing-pagerduty-knows'];
    await s.refresh(signal());
    assert.doesNotMatch(server.requestsOf('GET /incidents')[1].url, /service_ids/, "none known: every service's incidents");
  });

  it('acknowledges and resolves with the documented From header', async () => {
    const s = source();
    const acked = await s.acknowledge('PINC001', 'me@example.com');
    assert.equal(acked?.state.native, 'acknowledged');
    const [put] = server.requestsOf('PUT /incidents/{id}');
    assert.equal(put.from, 'me@example.com');
    assert.deepEqual(put.body, { incident: { type: 'incident_reference', status: 'acknowledged' } });
    const resolved = await s.resolve('PINC001', 'me@example.com');
    assert.equal(resolved?.state.normal, 'resolved');
  });

  it('triggers and resolves through the Events API v2 by dedup key, with no REST key sent there', async () => {
    server.routingKeys.set('R0UTINGKEY', 'PSVC001');
    const s = source();
    const { dedupKey } = await s.sendEvent({
      routingKey: 'R0UTINGKEY',
      action: 'trigger',
      dedupKey: 'devops-feedback/inc-1',
      summary: 'Cart empty',
      severity: 'critical',
      source: 'shop',
    });
    assert.equal(dedupKey, 'devops-feedback/inc-1');
    const opened = server.incidents.find((i) => i.incident_key === 'devops-feedback/inc-1');
    assert.equal(opened?.status, 'triggered');
    await s.sendEvent({ routingKey: 'R0UTINGKEY', action: 'resolve', dedupKey });
    assert.equal(opened?.status, 'resolved');
    assert.ok(server.requestsOf('POST /enqueue').every((r) => r.authorization === undefined));
  });

  it("401, 403, 5xx and malformed answers are SourceErrors in PagerDuty's words; the last data stays", async () => {
    const s = source();
    const hub = new SignalHub();
    const refresher = new Refresher(hub, silentLogger);
    assert.equal((await refresher.refresh(s, signal())).ok, true);
    const count = hub.query({ source: s.id }).length;
    const fail = async () =>
      s.refresh(signal()).then(
        () => undefined,
        (e: unknown) => e as SourceError,
      );
    server.token = 'rotated';
    const auth = await fail();
    assert.ok(auth instanceof SourceError && auth.kind === 'auth');
    assert.match(auth.message, /PagerDuty did not accept the credentials \(401\): PagerDuty says "Unauthorized"/);
    assert.doesNotMatch(auth.message, new RegExp(KEY));
    server.token = KEY;
    server.replyOnce('GET /oncalls', pdError(403, 'Access Denied', 2010));
    assert.equal((await fail())?.kind, 'forbidden');
    server.replyOnce('GET /oncalls', pdError(503, 'Service Unavailable'));
    assert.equal((await fail())?.kind, 'server');
    server.replyOnce('GET /oncalls', { status: 200, rawBody: '{"oncalls": [' });
    assert.equal((await fail())?.kind, 'badResponse');
    server.replyOnce('GET /oncalls', pdError(500, 'boom'));
    assert.equal((await refresher.refresh(s, signal())).ok, false);
    assert.equal(hub.query({ source: s.id }).length, count);
    assert.equal(hub.getHealth(s.id)?.status, 'error');
  });
});
