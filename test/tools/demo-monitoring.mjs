// The demo's monitoring, on real local services: a Prometheus (Debian's `prometheus`) evaluating alert rules about
// the demo repository's code every 5 s, and an Alertmanager (Debian's `prometheus-alertmanager`) it sends the alerts
// to, both on loopback with temporary storage, stopped with the caller. The rules' annotations name files and lines
// of the demo workspace, so the alerts land in the Monitor view, the Problems panel and next to the code.
// Node built-ins only (plus the repository's tooling modules).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureDebianPackages } from './ensure.mjs';
import { installExitHandlers, stopGroup, trackGroup } from './proc.mjs';

/** The demo's alert rules: always firing (`vector(1)`), each about a line of the demo workspace. */
export const DEMO_ALERTS = [
  {
    alert: 'MeanReturnsNaN',
    severity: 'critical',
    summary: 'mean() returns NaN for huge inputs',
    description: 'Overflow in sum() before the division: see src/math.ts:6',
  },
  {
    alert: 'RetryStorm',
    severity: 'warning',
    summary: 'retry() retries without jitter; clients retry in lockstep',
    description: 'Backoff without jitter at src/retry.ts:3',
  },
];

function rulesYaml() {
  const lines = ['groups:', '  - name: demo', '    interval: 2s', '    rules:'];
  for (const a of DEMO_ALERTS) {
    lines.push(
      `      - alert: ${a.alert}`,
      '        expr: vector(1)',
      '        labels:',
      `          severity: ${a.severity}`,
      '          service: demo',
      '          environment: production',
      '        annotations:',
      `          summary: ${JSON.stringify(a.summary)}`,
      `          description: ${JSON.stringify(a.description)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function launch(binary, args, logFile) {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(binary, args, { stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  trackGroup(child.pid);
  return child;
}

async function waitForJson(url, accept, timeoutMs, what, logFile) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) {
        const body = await response.json();
        if (accept(body)) return body;
        last = 'not yet';
      } else last = `HTTP ${response.status}`;
    } catch (error) {
      last = error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s (${last}); see ${logFile}`);
}

/**
 * Starts Alertmanager and Prometheus; resolves once the alerts have reached Alertmanager (a few seconds).
 * @returns {Promise<{ alertmanagerUrl: string, prometheusUrl: string, dir: string, stop: () => Promise<void> }>}
 */
export async function startDemoMonitoring() {
  installExitHandlers(); // Our services die with this process, however it ends.
  await ensureDebianPackages(['prometheus-alertmanager', 'prometheus']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfl-demo-monitoring-'));
  const [amPort, promPort] = [await freePort(), await freePort()];
  fs.writeFileSync(path.join(dir, 'alertmanager.yml'), 'route:\n  receiver: "null"\n  group_wait: 1s\nreceivers:\n  - name: "null"\n');
  fs.writeFileSync(path.join(dir, 'rules.yml'), rulesYaml());
  fs.writeFileSync(
    path.join(dir, 'prometheus.yml'),
    [
      'global:',
      '  evaluation_interval: 2s',
      '  scrape_interval: 15s',
      'rule_files: [rules.yml]',
      'alerting:',
      '  alertmanagers:',
      `    - static_configs: [{ targets: ['127.0.0.1:${amPort}'] }]`,
      '',
    ].join('\n'),
  );
  const log = path.join(dir, 'services.log');
  const alertmanager = launch(
    '/usr/bin/prometheus-alertmanager',
    [
      `--config.file=${path.join(dir, 'alertmanager.yml')}`,
      `--storage.path=${path.join(dir, 'alertmanager-data')}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      '--cluster.listen-address=',
      `--log.level=${process.env.DEMO_LOG_LEVEL ?? 'info'}`,
    ],
    log,
  );
  const prometheus = launch(
    '/usr/bin/prometheus',
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'prometheus-data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      // The first evaluation runs before Prometheus has found the Alertmanager, and that send is dropped; the
      // default resend delay (1 min) would keep the Monitor view empty that long.
      '--rules.alert.resend-delay=2s',
      `--log.level=${process.env.DEMO_LOG_LEVEL ?? 'info'}`,
    ],
    log,
  );
  const stopServices = () => Promise.all([stopGroup(prometheus), stopGroup(alertmanager)]);
  const stop = async () => {
    await stopServices();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const alertmanagerUrl = `http://127.0.0.1:${amPort}`;
    await waitForJson(
      `${alertmanagerUrl}/api/v2/alerts`,
      (alerts) => DEMO_ALERTS.every((a) => alerts.some((x) => x.labels?.alertname === a.alert)),
      60_000,
      "Prometheus's alerts in Alertmanager",
      log,
    );
    return { alertmanagerUrl, prometheusUrl: `http://127.0.0.1:${promPort}`, dir, stop };
  } catch (error) {
    await stopServices(); // The folder stays: its log says why.
    throw error;
  }
}
