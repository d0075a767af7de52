/**
 * The Alertmanager source against a REAL Alertmanager (Debian's `prometheus-alertmanager`):
 * alerts are posted as Prometheus posts them, silences are created and expired through our code,
 * and every result is read back from the server.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { SignalHub } from '../../../../src/core/hub';
import { silentLogger } from '../../../../src/core/logger';
import { Refresher } from '../../../../src/core/refresher';
import type { Signal } from '../../../../src/core/signal';
import { HttpClient } from '../../../../src/http/client';
import { AlertmanagerApi, alertmanagerCredential, resolveEndpoint, type GettableSilence } from '../../../../src/sources/alertmanager/api';
import { SourceError } from '../../../../src/core/sourceError';
import { AlertmanagerSource } from '../../../../src/sources/alertmanager/alertmanagerSource';
import type { SilenceSummary } from '../../../../src/sources/alertmanager/mapping';
import { prefillMatchers, SilenceValidationError, type SilenceDraft } from '../../../../src/sources/alertmanager/silence';
import { GrafanaProxy } from '../../../fixtures/alertmanager/grafanaProxy';
import { RealAlertmanager, type PostableAlert } from '../../../fixtures/alertmanager/server';

const INHIBIT_RULES = `
inhibit_rules:
  - source_matchers: ['alertname="NodeDown"']
    target_matchers: ['alertname="ServiceUnreachable"']
    equal: ['cluster']
`;

const CHECKOUT: PostableAlert = {
  labels: {
    alertname: 'HighErrorRate',
    severity: 'critical',
    service: 'checkout',
    environment: 'production',
    instance: 'checkout-1:8080',
  },
  annotations: { summary: 'Error rate above 5%', description: 'panic in src/app/handler.ts:42' },
  generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=rate%28errors%5B5m%5D%29',
};
const SEARCH: PostableAlert = {
  labels: { alertname: 'HighLatency', severity: 'warning', job: 'search', env: 'staging', instance: 'search-2:9100' },
  annotations: { summary: 'p99 above 2s' },
};
const BILLING: PostableAlert = {
  labels: { alertname: 'DiskFilling', severity: 'warning', service: 'billing' },
  annotations: { runbook_url: 'https://github.com/acme/ops/blob/main/runbooks/disk.md#L10' },
};

function byAlertname(signals: Signal[], alertname: string): Signal {
  const found = signals.find((s) => s.tags.includes(`alertname:${alertname}`));
  assert.ok(found, `no signal for ${alertname} in ${signals.map((s) => s.title).join(', ')}`);
  return found;
}

function draftFor(labels: Record<string, string>, now: number): SilenceDraft {
  return {
    matchers: prefillMatchers(labels, ['instance']),
    duration: '2h',
    startsAt: now,
    createdBy: 'Dev Eloper <dev@example.com>',
    comment: 'Deploying a fix',
  };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Alertmanager source against a real Alertmanager', function () {
  // Starting the binary takes well under a second; the margin is for loaded CI machines.
  this.timeout(20_000);

  let am: RealAlertmanager;
  let http: HttpClient;

  beforeEach(async () => {
    am = await RealAlertmanager.start({ extraConfig: INHIBIT_RULES });
    http = new HttpClient({ maxRetries: 0, timeoutMs: 5000 });
  });

  afterEach(async () => {
    await am?.stop();
  });

  it('lists posted alerts as signals with states, tags, anchors and details', async () => {
    await am.postAlerts([CHECKOUT, SEARCH, BILLING]);
    const source = new AlertmanagerSource(http, { name: 'local', url: am.url });
    const { signals, warnings } = await source.fetch();
    assert.deepEqual(warnings, []);
    assert.equal(signals.length, 3);

    const fingerprints = new Map(
      (await am.getJson<Array<{ fingerprint: string; labels: Record<string, string> }>>('/api/v2/alerts')).map((a) => [
        a.labels.alertname,
        a.fingerprint,
      ]),
    );
    const checkout = byAlertname(signals, 'HighErrorRate');
    assert.equal(checkout.id, `alertmanager:local:alert:${fingerprints.get('HighErrorRate')}`);
    assert.equal(checkout.source, 'alertmanager:local');
    assert.equal(checkout.kind, 'alert');
    assert.equal(checkout.title, 'HighErrorRate: Error rate above 5%');
    assert.deepEqual(checkout.state, { normal: 'firing', native: 'active' });
    assert.deepEqual(checkout.labels, ['critical']);
    assert.deepEqual(checkout.tags, [
      'alertname:HighErrorRate',
      'severity:critical',
      'service:checkout',
      'env:production',
      'instance:checkout-1:8080',
    ]);
    assert.deepEqual(checkout.anchors, { environment: 'production', files: [{ path: 'src/app/handler.ts', line: 42 }] });
    assert.equal(checkout.url, CHECKOUT.generatorURL);
    assert.deepEqual(checkout.detail?.receivers, ['null']);
    assert.deepEqual(checkout.detail?.annotations, CHECKOUT.annotations);
    assert.ok(checkout.createdAt > 0 && checkout.updatedAt >= checkout.createdAt);

    const search = byAlertname(signals, 'HighLatency');
    assert.ok(search.tags.includes('service:search'), 'the job label names the service when there is no service label');
    assert.ok(search.tags.includes('env:staging'));
    assert.equal(search.url, undefined);

    const billing = byAlertname(signals, 'DiskFilling');
    assert.deepEqual(billing.anchors.files, [{ path: 'runbooks/disk.md', line: 10 }]);
  });

  it('uses the configured service labels', async () => {
    await am.postAlerts([{ labels: { alertname: 'QueueBacklog', severity: 'warning', app: 'worker', job: 'kubernetes-pods' } }]);
    const source = new AlertmanagerSource(http, { name: 'local', url: am.url }, { serviceLabels: ['app', 'job'] });
    const [signal] = await source.refresh(new AbortController().signal);
    assert.ok(signal.tags.includes('service:worker'));
  });

  it('silences an alert from its labels, shows who and until when, and expires it again', async () => {
    await am.postAlerts([CHECKOUT, SEARCH]);
    const now = Date.now();
    const source = new AlertmanagerSource(http, { name: 'local', url: am.url }, { clock: () => now });

    const id = await source.createSilence(draftFor(CHECKOUT.labels, now));
    assert.match(id, /^[0-9a-f-]{36}$/);

    // What the server holds, read without our code.
    const stored = (await am.getJson<GettableSilence[]>('/api/v2/silences')).find((s) => s.id === id);
    assert.ok(stored);
    assert.equal(stored.status.state, 'active');
    assert.equal(stored.createdBy, 'Dev Eloper <dev@example.com>');
    assert.equal(stored.comment, 'Deploying a fix');
    assert.equal(Date.parse(stored.endsAt), now + 2 * 3600_000);
    assert.deepEqual(stored.matchers.map((m) => `${m.name}=${m.value}`).sort(), [
      'alertname=HighErrorRate',
      'environment=production',
      'service=checkout',
      'severity=critical',
    ]);

    const silenced = await source.fetch();
    const checkout = byAlertname(silenced.signals, 'HighErrorRate');
    assert.deepEqual(checkout.state, { normal: 'silenced', native: 'suppressed' });
    assert.deepEqual(checkout.detail?.silencedBy, [id]);
    const [summary] = checkout.detail?.silences as SilenceSummary[];
    assert.equal(summary.createdBy, 'Dev Eloper <dev@example.com>');
    assert.equal(summary.endsAt, now + 2 * 3600_000);
    assert.equal(byAlertname(silenced.signals, 'HighLatency').state.normal, 'firing', 'other alerts stay firing');
    assert.deepEqual(
      silenced.silences.map((s) => s.id),
      [id],
    );

    await source.expireSilence(id);
    const expired = (await am.getJson<GettableSilence[]>('/api/v2/silences')).find((s) => s.id === id);
    assert.equal(expired?.status.state, 'expired');
    const after = await source.fetch();
    assert.deepEqual(byAlertname(after.signals, 'HighErrorRate').state, { normal: 'firing', native: 'active' });
    assert.deepEqual(after.silences, []);
    const all = await source.listSilences();
    assert.deepEqual(
      all.map((s) => [s.id, s.state]),
      [[id, 'expired']],
    );
  });

  it('refuses an invalid silence before any request, with every problem named', async () => {
    const source = new AlertmanagerSource(http, { name: 'local', url: am.url });
    await assert.rejects(
      source.createSilence({ matchers: [{ name: 'job', value: '.*', isRegex: true }], duration: 'soon', createdBy: '', comment: ' ' }),
      (error: unknown) => {
        assert.ok(error instanceof SilenceValidationError);
        assert.equal(error.problems.length, 4);
        return true;
      },
    );
    assert.deepEqual(await am.getJson('/api/v2/silences'), []);
  });

  it('agrees with the server on what makes a silence invalid', async () => {
    const now = Date.now();
    const invalid: Array<Record<string, unknown>> = [
      { matchers: [{ name: 'job', value: '.*', isRegex: true, isEqual: true }] },
      { matchers: [{ name: 'bad-name', value: 'x', isRegex: false, isEqual: true }] },
      { matchers: [{ name: 'job', value: '(', isRegex: true, isEqual: true }] },
      { matchers: [] },
    ];
    const source = new AlertmanagerSource(http, { name: 'local', url: am.url }, { clock: () => now });
    for (const overrides of invalid) {
      const body = {
        matchers: [],
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3600_000).toISOString(),
        createdBy: 'dev',
        comment: 'test',
        ...overrides,
      };
      const response = await fetch(`${am.url}/api/v2/silences`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      // 400 from Alertmanager's own validation, 422 from its OpenAPI schema checks.
      assert.ok([400, 422].includes(response.status), `the server answered ${response.status} to ${JSON.stringify(overrides)}`);
      await assert.rejects(
        source.createSilence({
          matchers: body.matchers as SilenceDraft['matchers'],
          endsAt: now + 3600_000,
          createdBy: 'dev',
          comment: 'test',
        }),
        SilenceValidationError,
        `we accepted ${JSON.stringify(overrides)}`,
      );
    }
  });

  it('shows an inhibited alert as inhibited, by the alert that inhibits it', async () => {
    await am.postAlerts([
      { labels: { alertname: 'NodeDown', severity: 'critical', cluster: 'eu-1' } },
      { labels: { alertname: 'ServiceUnreachable', severity: 'warning', cluster: 'eu-1', service: 'api' } },
      { labels: { alertname: 'ServiceUnreachable', severity: 'warning', cluster: 'us-1', service: 'api' } },
    ]);
    const source = new AlertmanagerSource(http, { name: 'local', url: am.url });
    const { signals } = await source.fetch();
    const nodeDown = byAlertname(signals, 'NodeDown');
    const targets = signals.filter((s) => s.tags.includes('alertname:ServiceUnreachable'));
    const eu = targets.find((s) => (s.detail?.labels as Record<string, string>).cluster === 'eu-1');
    const us = targets.find((s) => (s.detail?.labels as Record<string, string>).cluster === 'us-1');
    assert.deepEqual(eu?.state, { normal: 'inhibited', native: 'suppressed' });
    assert.deepEqual(eu?.detail?.inhibitedBy, [nodeDown.detail?.fingerprint]);
    assert.equal(us?.state.normal, 'firing', 'the inhibit rule needs an equal cluster label');
    assert.equal(nodeDown.state.normal, 'firing');
  });

  it('passes filter matchers to the server', async () => {
    await am.postAlerts([CHECKOUT, SEARCH, BILLING]);
    const api = new AlertmanagerApi(http, resolveEndpoint(am.url));
    const critical = await api.getAlerts({ filter: ['severity="critical"'] });
    assert.equal(critical.length, 1);
    const warnings = await api.getAlerts({ filter: ['severity="warning"', 'alertname=~"Disk.*"'] });
    assert.deepEqual(
      warnings.map((a) => (a as { labels: Record<string, string> }).labels.alertname),
      ['DiskFilling'],
    );
    const status = await api.getStatus();
    assert.equal(status.cluster?.status, 'disabled');
  });

  it('reports a down instance by name while the others refresh, and keeps its last signals', async () => {
    await am.postAlerts([CHECKOUT]);
    const good = new AlertmanagerSource(http, { name: 'prod', url: am.url });
    const down = new AlertmanagerSource(http, { name: 'staging', url: `http://127.0.0.1:${await closedPort()}` });
    const hub = new SignalHub();
    const refresher = new Refresher(hub, silentLogger);

    const outcomes = await refresher.refreshAll([good, down], new AbortController().signal);
    assert.deepEqual(
      outcomes.map((o) => [o.source, o.ok]),
      [
        ['alertmanager:prod', true],
        ['alertmanager:staging', false],
      ],
    );
    const error = outcomes[1].error ?? '';
    assert.match(error, /Alertmanager · staging: could not list alerts/);
    assert.match(error, /is the server running/);
    assert.equal(hub.getHealth('alertmanager:prod')?.status, 'ok');
    assert.equal(hub.getHealth('alertmanager:staging')?.status, 'error');
    assert.equal(hub.query({ source: 'alertmanager:prod' }).length, 1);

    // The good instance goes down too: its last signals stay, its health says why.
    await am.stop();
    const again = await refresher.refresh(good, new AbortController().signal);
    assert.equal(again.ok, false);
    assert.equal(hub.getHealth('alertmanager:prod')?.status, 'error');
    assert.equal(hub.query({ source: 'alertmanager:prod' }).length, 1);

    await assert.rejects(down.refresh(new AbortController().signal), (e: unknown) => e instanceof SourceError && e.kind === 'offline');
  });

  describe("through Grafana's Alertmanager-compatible path", () => {
    let proxy: GrafanaProxy;

    afterEach(async () => {
      await proxy?.close();
    });

    it('reads alerts and creates and expires silences under /api/alertmanager/grafana', async () => {
      proxy = await GrafanaProxy.start(am.url);
      await am.postAlerts([CHECKOUT]);
      const source = new AlertmanagerSource(http, { name: 'grafana', url: proxy.url, kind: 'grafana' });
      assert.equal(source.label, 'Grafana · grafana');
      const [signal] = await source.refresh(new AbortController().signal);
      assert.equal(signal.title, 'HighErrorRate: Error rate above 5%');

      const id = await source.createSilence(draftFor(CHECKOUT.labels, Date.now()));
      assert.equal((await source.refresh(new AbortController().signal))[0].state.normal, 'silenced');
      await source.expireSilence(id);
      assert.equal((await source.refresh(new AbortController().signal))[0].state.normal, 'firing');

      assert.ok(proxy.seen.length >= 6);
      for (const path of proxy.seen) {
        assert.ok(path.startsWith('/api/alertmanager/grafana/api/v2/'), path);
      }
      assert.ok(proxy.seen.some((p) => p === `/api/alertmanager/grafana/api/v2/silence/${id}`));
    });

    it('detects Grafana from a URL that already has the path', async () => {
      proxy = await GrafanaProxy.start(am.url);
      await am.postAlerts([SEARCH]);
      const source = new AlertmanagerSource(http, { name: 'g', url: `${proxy.url}/api/alertmanager/grafana/` });
      assert.equal(source.endpoint.kind, 'grafana');
      assert.equal((await source.refresh(new AbortController().signal)).length, 1);
    });

    it('explains a 404 from a Grafana URL configured as plain Alertmanager', async () => {
      proxy = await GrafanaProxy.start(am.url);
      const source = new AlertmanagerSource(http, { name: 'g', url: proxy.url });
      await assert.rejects(source.refresh(new AbortController().signal), /For Grafana set kind to "grafana"/);
    });

    it('sends the bearer token to the instance origin and never shows it in errors', async () => {
      const token = 'glsa_s3cr3t-token-value';
      proxy = await GrafanaProxy.start(am.url, token);
      await am.postAlerts([CHECKOUT]);
      const credential = alertmanagerCredential(proxy.url, { bearerToken: token });
      const withToken = new AlertmanagerSource(http, { name: 'g', url: proxy.url, kind: 'grafana' }, { credential });
      assert.equal((await withToken.refresh(new AbortController().signal)).length, 1);

      const wrong = alertmanagerCredential(proxy.url, { bearerToken: `${token}-wrong` });
      const rejected = new AlertmanagerSource(http, { name: 'g', url: proxy.url, kind: 'grafana' }, { credential: wrong });
      await assert.rejects(rejected.refresh(new AbortController().signal), (error: unknown) => {
        assert.ok(error instanceof SourceError);
        assert.equal(error.kind, 'auth');
        assert.match(error.message, /check the token/);
        assert.ok(!error.message.includes(token), error.message);
        return true;
      });
    });
  });
});
