/**
 * What redacting a response body costs, next to what parsing it costs. Run by hand (timings are never
 * asserted in tests):  npx tsx test/unit/http/redactionCost.timing.ts
 */
import { basicCredential, bearerCredential } from '../../../src/http/credentials';
import { Redactor } from '../../../src/http/redact';

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall time of `fn` in ms over enough runs to take about half a second. */
function time(fn: () => unknown): number {
  const samples: number[] = [];
  const deadline = Date.now() + 500;
  while (samples.length < 5 || (Date.now() < deadline && samples.length < 200)) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

function alertsBody(bytes: number): string {
  const alerts: unknown[] = [];
  let size = 2;
  for (let i = 0; size < bytes; i++) {
    const alert = {
      fingerprint: `f${i.toString(16).padStart(12, '0')}`,
      labels: { alertname: 'HighLatency', service: `svc-${i % 50}`, severity: i % 3 ? 'warning' : 'critical' },
      annotations: { summary: `p99 latency above 2s on pod-${i}`, runbook: `https://runbooks.example.com/latency#${i}` },
      startsAt: '2024-05-01T10:00:00.000Z',
      status: { state: 'active', silencedBy: [], inhibitedBy: [] },
    };
    size += JSON.stringify(alert).length + 1;
    alerts.push(alert);
  }
  return JSON.stringify(alerts);
}

const setups: Array<[string, () => Redactor]> = [
  [
    'one GitHub token',
    () => {
      const redactor = new Redactor();
      redactor.addCredential(bearerCredential('https://api.github.com', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'));
      return redactor;
    },
  ],
  [
    'GitHub + Sentry tokens + Basic with a special-character password',
    () => {
      const redactor = new Redactor();
      redactor.addCredential(bearerCredential('https://api.github.com', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'));
      redactor.addCredential(bearerCredential('https://sentry.io', 'sntrys_eyJpYXQiOjE3MTQ1NjAwMDAuMH0_abcdef'));
      redactor.addCredential(basicCredential('https://am.example.com', 'deploy-bot', `Pa55/w0rd+"<&>'ü x\\q`));
      return redactor;
    },
  ],
  [
    'Basic with a password that has no anchor ("<&>ü€)',
    () => {
      const redactor = new Redactor();
      redactor.addCredential(basicCredential('https://am.example.com', 'ops', '"<&>ü€'));
      return redactor;
    },
  ],
];

const rows: string[][] = [['setup', 'forms', 'scans', 'body', 'JSON.parse ms', 'clean json ms', 'clean text ms', 'with secret json ms']];
for (const bytes of [10_000, 1_000_000, 10_000_000]) {
  const clean = alertsBody(bytes);
  for (const [name, make] of setups) {
    const redactor = make();
    // The same body with the GitHub token (or the password) echoed once in an annotation, JSON-escaped.
    const secret = name.startsWith('Basic') ? '"<&>ü€' : 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';
    const dirty = clean.replace('p99 latency', `p99 latency ${JSON.stringify(secret).slice(1, -1)}`);
    const parse = time(() => JSON.parse(clean));
    const parsed = JSON.parse(clean) as unknown;
    const json = time(() => redactor.redactJson(parsed, clean));
    const text = time(() => redactor.redactKnown(clean));
    // The walk visits every value whether or not an earlier run masked it, so one parsed value serves all runs.
    const parsedDirty = JSON.parse(dirty) as unknown;
    const withSecret = time(() => redactor.redactJson(parsedDirty, dirty));
    rows.push([
      name,
      String(redactor.formCount),
      String(redactor.scansPerText),
      `${Math.round(clean.length / 1000)} KB`,
      parse.toFixed(3),
      json.toFixed(3),
      text.toFixed(3),
      withSecret.toFixed(3),
    ]);
  }
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
for (const row of rows) {
  console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));
}

// URLs (log lines, `res.url`, Location): the first one builds the piece set, later ones slide over it.
for (const [name, make] of setups) {
  const redactor = make();
  const url = 'https://api.github.com/repos/octo-org/octo-repo/actions/runs?branch=main&per_page=100&page=2';
  const start = process.hrtime.bigint();
  redactor.redactUrl(url);
  const first = Number(process.hrtime.bigint() - start) / 1e6;
  const later = time(() => redactor.redactUrl(url)) * 1000;
  console.log(`${name}: first URL ${first.toFixed(2)} ms (builds the pieces), then ${later.toFixed(1)} µs per URL`);
}

// Error bodies are redacted whole before the excerpt is cut, URL-shaped secrets included: the regexes stay linear
// even on a hostile body (`a.a.a.…` cost quadratic time with the old `\b` userinfo pattern).
const hostileBodies = [
  ['10 MB HTML page', `<html>${'<p>x</p>'.repeat(1_400_000)}</html>`],
  ['10 MB of a.a.a.', 'a.'.repeat(5_000_000)],
];
for (const [label, body] of hostileBodies) {
  const redactor = setups[1][1]();
  console.log(`excerpt of a ${label}: ${time(() => redactor.excerpt(body, 500)).toFixed(1)} ms`);
}
