import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient } from '../../../../src/http/client';
import { AlertmanagerConfigError, alertmanagerCredential, resolveEndpoint } from '../../../../src/sources/alertmanager/api';
import { AlertmanagerSource, validateInstances } from '../../../../src/sources/alertmanager/alertmanagerSource';
import { RealAlertmanager } from '../../../fixtures/alertmanager/server';

describe('Alertmanager API base URLs and instances', () => {
  describe('resolveEndpoint', () => {
    const cases: Array<[string, 'alertmanager' | 'grafana' | undefined, string, string]> = [
      ['http://alertmanager:9093', undefined, 'alertmanager', 'http://alertmanager:9093/api/v2'],
      ['http://alertmanager:9093/', undefined, 'alertmanager', 'http://alertmanager:9093/api/v2'],
      ['http://host/alertmanager/', undefined, 'alertmanager', 'http://host/alertmanager/api/v2'],
      ['http://alertmanager:9093/api/v2/alerts', undefined, 'alertmanager', 'http://alertmanager:9093/api/v2'],
      ['http://alertmanager:9093/#/alerts', undefined, 'alertmanager', 'http://alertmanager:9093/api/v2'],
      ['https://grafana.example.com', 'grafana', 'grafana', 'https://grafana.example.com/api/alertmanager/grafana/api/v2'],
      ['https://example.com/grafana/', 'grafana', 'grafana', 'https://example.com/grafana/api/alertmanager/grafana/api/v2'],
      [
        'https://grafana.example.com/api/alertmanager/grafana',
        undefined,
        'grafana',
        'https://grafana.example.com/api/alertmanager/grafana/api/v2',
      ],
      [
        'https://grafana.example.com/api/alertmanager/grafana/api/v2/',
        undefined,
        'grafana',
        'https://grafana.example.com/api/alertmanager/grafana/api/v2',
      ],
      // Grafana's proxy to an external Alertmanager data source, by uid.
      [
        'https://grafana.example.com/api/alertmanager/P0A1B2',
        undefined,
        'grafana',
        'https://grafana.example.com/api/alertmanager/P0A1B2/api/v2',
      ],
    ];
    for (const [url, kind, expectedKind, apiBase] of cases) {
      it(`${url}${kind ? ` (${kind})` : ''} → ${apiBase}`, () => {
        const endpoint = resolveEndpoint(url, kind);
        assert.equal(endpoint.kind, expectedKind);
        assert.equal(endpoint.apiBase, apiBase);
      });
    }

    it('refuses URLs that are not http(s), not URLs, or carry credentials (without echoing them)', () => {
      assert.throws(() => resolveEndpoint('ftp://host'), AlertmanagerConfigError);
      assert.throws(() => resolveEndpoint('not a url'), /not a valid URL/);
      assert.throws(
        () => resolveEndpoint('http://admin:hunter2@host:9093'),
        (error: unknown) => {
          assert.ok(error instanceof AlertmanagerConfigError);
          assert.ok(!error.message.includes('hunter2'));
          return true;
        },
      );
    });
  });

  describe('alertmanagerCredential', () => {
    it('builds bearer and basic credentials bound to the origin', () => {
      assert.deepEqual(alertmanagerCredential('https://am.example.com:8443/x', { bearerToken: 't0k' }), {
        origin: 'https://am.example.com:8443',
        header: 'Authorization',
        value: 'Bearer t0k',
        secret: 't0k',
      });
      const basic = alertmanagerCredential('http://am:9093', { username: 'ops', password: 'p@ss:word' });
      assert.equal(basic.value, `Basic ${Buffer.from('ops:p@ss:word').toString('base64')}`);
      assert.equal(basic.origin, 'http://am:9093');
    });

    it('refuses a credential for another origin when the source is built', () => {
      const credential = alertmanagerCredential('https://other.example.com', { bearerToken: 'x' });
      assert.throws(
        () => new AlertmanagerSource(new HttpClient(), { name: 'prod', url: 'https://am.example.com' }, { credential }),
        /credential is for https:\/\/other\.example\.com/,
      );
    });
  });

  describe('validateInstances', () => {
    it('keeps valid instances and explains the others', () => {
      const { instances, problems } = validateInstances([
        { name: 'prod', url: 'http://am-prod:9093' },
        { name: 'grafana', url: 'https://grafana.example.com', kind: 'grafana' },
        { name: 'prod', url: 'http://other:9093' },
        { name: 'bad', url: 'gopher://x' },
        { name: 'weird', url: 'http://x', kind: 'prometheus' },
        { url: 'http://nameless' },
        'junk',
        { name: 'a:b', url: 'http://x' },
      ]);
      assert.deepEqual(instances, [
        { name: 'prod', url: 'http://am-prod:9093' },
        { name: 'grafana', url: 'https://grafana.example.com', kind: 'grafana' },
      ]);
      assert.equal(problems.length, 6);
      assert.match(problems[0], /"prod" is configured twice/);
      assert.match(problems[1], /gopher/);
      assert.match(problems[2], /kind must be/);
      assert.deepEqual(validateInstances(undefined), { instances: [], problems: [] });
      assert.deepEqual(validateInstances({}).problems, ['the instance list is not an array']);
    });
  });

  describe('answers that are not Alertmanager JSON', () => {
    let server: Server;
    let url: string;
    let body = '';

    before(async () => {
      server = createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(req.url?.startsWith('/api/v2/silences') ? '[]' : body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    after(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('fails clearly when the alert list is not an array', async () => {
      body = '{"status":"success","data":[]}';
      const source = new AlertmanagerSource(new HttpClient({ maxRetries: 0 }), { name: 'odd', url });
      await assert.rejects(source.fetch(), /Alertmanager · odd: could not list alerts: .*expected a JSON array, got object/);
    });

    it('fails clearly on malformed JSON', async () => {
      body = '<html>login</html>';
      const source = new AlertmanagerSource(new HttpClient({ maxRetries: 0 }), { name: 'odd', url });
      await assert.rejects(source.fetch(), /could not list alerts: .*not valid JSON.*is the URL right/);
    });

    it('skips malformed alerts with warnings and keeps the good ones', async () => {
      body = JSON.stringify([
        42,
        { labels: { alertname: 'NoFingerprint' } },
        { fingerprint: 'abc', labels: { alertname: 7 } },
        { fingerprint: 'f00d', labels: { alertname: 'Good', severity: 'critical' }, status: { state: 'active' } },
      ]);
      const source = new AlertmanagerSource(new HttpClient({ maxRetries: 0 }), { name: 'odd', url });
      const { signals, warnings } = await source.fetch();
      assert.deepEqual(
        signals.map((s) => s.title),
        ['Good'],
      );
      assert.equal(warnings.length, 3);
    });
  });

  describe('the test harness', () => {
    it('fails (never skips) with instructions when the binary is missing', async () => {
      await assert.rejects(
        RealAlertmanager.start({ binary: '/nonexistent/prometheus-alertmanager' }),
        /apt-get install prometheus-alertmanager/,
      );
    });
  });
});
