/**
 * Argo CD benchmarks: 500 applications with 10 history entries each, from the raw JSON Argo CD sends
 * (`GET /api/v1/applications`), through repository matching, mapping and the hub, against
 * `JSON.parse` alone on the same bytes; then the Deploy view's tree of them (the Argo CD layout).
 */
import { SignalHub } from '../../src/core/hub';
import { buildView } from '../../src/core/phaseTree';
import { argocdDeployLayout, mapApplication, matchApplications, type ArgoApplication } from '../../src/sources/argocd';
import { argoApp, shaOf } from '../fixtures/argocd/synthetic';
import { type BenchRow, time } from './measure';

const APPS = 500;
const HISTORY = 10;
const SOURCE = 'argocd:argocd.example.com';
const IDENTITY = 'git.example.com/shop/checkout';

function syntheticList(): string {
  const items = [];
  for (let a = 0; a < APPS; a++) {
    const history = [];
    for (let h = 0; h < HISTORY; h++)
      history.push({
        id: h,
        revision: shaOf(a * HISTORY + h + 1),
        deployedAt: new Date(Date.UTC(2026, 0, 1) + (a * HISTORY + h) * 60_000).toISOString(),
        ...(h % 2 ? { automated: true } : { username: `user${h}` }),
      });
    items.push(
      argoApp({
        name: `app-${a}`,
        repoURL: a % 5 === 4 ? `https://git.example.com/other/repo-${a}.git` : `https://${IDENTITY}.git`,
        sync: a % 7 === 0 ? 'OutOfSync' : 'Synced',
        health: a % 11 === 0 ? 'Degraded' : 'Healthy',
        destination: { name: `cluster-${a % 3}`, namespace: `ns-${a}` },
        history,
      }),
    );
  }
  return JSON.stringify({ metadata: { resourceVersion: '1' }, items });
}

const ctx = {
  sourceId: SOURCE,
  appUrl: (app: ArgoApplication) => `https://argocd.example.com/applications/${app.metadata?.name ?? ''}`,
  environmentOf: () => undefined,
};
const identities = new Set([IDENTITY]);

function ingest(json: string, hub: SignalHub): void {
  const apps = (JSON.parse(json) as { items: ArgoApplication[] }).items;
  hub.replaceSource(
    SOURCE,
    matchApplications(apps, identities, []).flatMap((m) => mapApplication(m, ctx)),
  );
}

export function argocdBench(): BenchRow[] {
  const json = syntheticList();
  const parseMs = time(() => JSON.parse(json), 7, 2, true);
  const ingestMs = time(() => ingest(json, new SignalHub()), 7, 2, true);
  const hub = new SignalHub();
  ingest(json, hub);
  const signals = hub.query({ source: SOURCE });
  const layout = [argocdDeployLayout()];
  const treeMs = time(() => buildView('deploy', { signals, health: [] }, layout), 7, 2, true);
  const ratio = ingestMs / parseMs;
  return [
    {
      name: `Argo CD: JSON.parse of ${APPS} apps × ${HISTORY} history entries`,
      value: `${parseMs.toFixed(1)} ms`,
      target: `${(json.length / 1e6).toFixed(1)} MB`,
    },
    {
      name: 'Argo CD: parse + match + map + hub upsert',
      value: `${ingestMs.toFixed(1)} ms (${ratio.toFixed(1)}× parse, ${signals.length} signals)`,
      target: '≤ 3× JSON.parse',
      ok: ratio <= 3,
    },
    { name: `Argo CD: Deploy tree of ${signals.length} signals`, value: `${treeMs.toFixed(2)} ms`, target: '< 16 ms', ok: treeMs < 16 },
  ];
}
