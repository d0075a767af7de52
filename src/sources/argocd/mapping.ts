/**
 * Argo CD applications as signals. The application itself is a `deployment` signal without a commit
 * (its sync status and health are its state; core/deployStatus and the metrics skip it), and each
 * entry of its history is a `deployment` signal anchored to the commit it deployed
 * (`anchors.commits`), the environment (`cluster/namespace` of the destination, or the settings'
 * name for the app) and the repository (`anchors.repo`): the shape core/deployStatus reads, so Argo
 * CD's syncs say "live in production since …" in the editor, the status bar and the dashboard
 * exactly as the git journal's and the forges' deployments do. History entries are successful syncs
 * (Argo CD records only those); the newest is what runs. A synced revision the history does not hold
 * yet (the history is trimmed, or the app was synced before it was kept) is one more such signal.
 */
import { plainText } from '../../core/plainText';
import { signalId, tag, type NormalState, type Signal, type SignalState } from '../../core/signal';
import { appKey, appSources, type MatchedApp } from './matching';
import type { ArgoApplication, ArgoDestination, ArgoRevisionHistory, ArgoRevisionMetadata } from './types';

/** Argo CD's in-cluster destination (the cluster it runs in). */
export const IN_CLUSTER = 'https://kubernetes.default.svc';
const MAX_TEXT = 200;

export interface ArgoMappingContext {
  sourceId: string;
  /** The app's page in Argo CD. */
  appUrl(app: ArgoApplication): string;
  /** The environment the settings give the app, if any. */
  environmentOf(app: ArgoApplication): string | undefined;
  /** Metadata of revisions read so far (author, message), by revision. */
  revisionMetadata?(revision: string): ArgoRevisionMetadata | undefined;
}

export function argocdSourceId(instanceKey: string): string {
  return `argocd:${instanceKey}`;
}

export function appSignalId(sourceId: string, app: ArgoApplication): string {
  return signalId(sourceId, 'deployment', `app/${appKey(app)}`);
}

/** `cluster/namespace`: the destination's cluster name, `in-cluster`, or the API server's host. */
export function destinationEnvironment(destination: ArgoDestination | undefined): string {
  const ns = destination?.namespace || 'default';
  let cluster = destination?.name;
  if (!cluster) {
    const server = destination?.server ?? '';
    if (server === IN_CLUSTER || server === '') cluster = 'in-cluster';
    else {
      try {
        cluster = new URL(server).host;
      } catch {
        cluster = server;
      }
    }
  }
  return `${text(cluster, 100)}/${text(ns, 100)}`;
}

/** Synced/OutOfSync and health as one normalised state; a running operation first. */
export function appState(app: ArgoApplication): SignalState {
  const sync = app.status?.sync?.status ?? 'Unknown';
  const health = app.status?.health?.status ?? 'Unknown';
  const phase = app.status?.operationState?.phase;
  let normal: NormalState;
  if (phase === 'Running' || phase === 'Terminating') normal = 'running';
  else if (health === 'Degraded' || health === 'Missing') normal = 'failed';
  else if (health === 'Progressing') normal = 'running';
  else if (health === 'Suspended') normal = 'skipped';
  else if (sync === 'OutOfSync') normal = 'queued';
  else if (sync === 'Synced' && health === 'Healthy') normal = 'success';
  else normal = 'unknown';
  return { normal, native: `${text(sync, 40)} · ${text(health, 40)}` };
}

/** Out of sync or degraded: what the Deploy view's warning badge counts. */
export function needsAttention(app: Signal): boolean {
  return app.detail?.argocdApp === true && (app.detail.sync === 'OutOfSync' || app.detail.health === 'Degraded');
}

/** The application's signal and one per deployed revision. */
export function mapApplication(matched: MatchedApp, ctx: ArgoMappingContext): Signal[] {
  const { app, repo, sourceIndex } = matched;
  const key = appKey(app);
  const name = text(app.metadata?.name, MAX_TEXT);
  const environment = ctx.environmentOf(app) ?? destinationEnvironment(app.spec?.destination);
  const url = ctx.appUrl(app);
  const id = appSignalId(ctx.sourceId, app);
  const sources = appSources(app);
  const multi = Array.isArray(app.spec?.sources) && app.spec.sources.length > 0;
  const sync = app.status?.sync;
  const syncedRevision = sha(multi ? sync?.revisions?.[sourceIndex] : sync?.revision);
  const history = (Array.isArray(app.status?.history) ? app.status.history : []).filter((h) => h && typeof h === 'object');
  const deployments: Signal[] = [];
  const common = [tag('repo', repo ?? ''), tag('env', environment), tag('argocd-app', key)].filter((t) => !t.endsWith(':'));
  for (const entry of history) {
    const revision = sha(multi ? entry.revisions?.[sourceIndex] : entry.revision);
    const historyId = historyIdOf(entry);
    if (!revision || historyId === undefined) continue;
    const at = epoch(entry.deployedAt ?? entry.deployStartedAt);
    const who = initiator(entry);
    const meta = ctx.revisionMetadata?.(revision);
    deployments.push({
      id: signalId(ctx.sourceId, 'deployment', `${key}@${historyId}`),
      source: ctx.sourceId,
      kind: 'deployment',
      title: `${environment}: ${name} @ ${revision.slice(0, 8)}`,
      state: { normal: 'success', native: 'Synced' },
      url,
      ...(who.user ? { author: who.user } : {}),
      createdAt: at,
      updatedAt: at,
      labels: ['success', ...(who.automated ? ['automated'] : [])],
      tags: [...common, tag('commit', revision)],
      anchors: { ...(repo ? { repo } : {}), commits: [revision], environment },
      parentId: id,
      detail: {
        argocdHistory: true,
        app: key,
        historyId,
        revision,
        initiatedBy: who.text,
        deployStartedAt: entry.deployStartedAt ? epoch(entry.deployStartedAt) : null,
        ...(meta ? { commit: metadataDetail(meta) } : {}),
      },
    });
  }
  const latest = deployments.reduce<Signal | undefined>((a, b) => (!a || b.createdAt >= a.createdAt ? b : a), undefined);
  const synced = sync?.status === 'Synced';
  if (synced && syncedRevision && latest?.anchors.commits?.[0] !== syncedRevision) {
    // Synced to a revision the kept history does not show: it runs, since at least the last reconcile.
    const at = epoch(app.status?.operationState?.finishedAt ?? app.status?.reconciledAt ?? app.metadata?.creationTimestamp);
    const meta = ctx.revisionMetadata?.(syncedRevision);
    deployments.push({
      id: signalId(ctx.sourceId, 'deployment', `${key}@synced:${syncedRevision}`),
      source: ctx.sourceId,
      kind: 'deployment',
      title: `${environment}: ${name} @ ${syncedRevision.slice(0, 8)}`,
      state: { normal: 'success', native: 'Synced' },
      url,
      createdAt: at,
      updatedAt: at,
      labels: ['success'],
      tags: [...common, tag('commit', syncedRevision)],
      anchors: { ...(repo ? { repo } : {}), commits: [syncedRevision], environment },
      parentId: id,
      detail: {
        argocdHistory: true,
        app: key,
        revision: syncedRevision,
        initiatedBy: null,
        ...(meta ? { commit: metadataDetail(meta) } : {}),
      },
    });
  }
  const state = appState(app);
  const health = text(app.status?.health?.status, 40) || 'Unknown';
  const syncStatus = text(sync?.status, 40) || 'Unknown';
  const operation = app.status?.operationState;
  const current = latest?.anchors.commits?.[0] ?? syncedRevision;
  const appSignal: Signal = {
    id,
    source: ctx.sourceId,
    kind: 'deployment',
    title: name,
    state,
    url,
    createdAt: epoch(app.metadata?.creationTimestamp),
    updatedAt: Math.max(epoch(app.status?.reconciledAt), epoch(operation?.finishedAt), latest?.createdAt ?? 0) || Date.now(),
    labels: [syncStatus.toLowerCase(), health.toLowerCase(), ...(state.normal === 'failed' ? ['failed'] : [])],
    tags: [
      ...common,
      tag('sync', syncStatus),
      tag('health', health),
      ...(app.spec?.project ? [tag('project', text(app.spec.project, 100))] : []),
    ],
    anchors: { ...(repo ? { repo } : {}), environment },
    detail: {
      argocdApp: true,
      app: key,
      name,
      namespace: app.metadata?.namespace ?? null,
      project: text(app.spec?.project, 100) || null,
      sync: syncStatus,
      health,
      healthMessage: app.status?.health?.message ? text(app.status.health.message, 500) : null,
      syncedRevision: syncedRevision ?? null,
      currentRevision: current ?? null,
      targetRevision: text(sources[sourceIndex]?.targetRevision, 100) || null,
      repoURL: text(sources[sourceIndex]?.repoURL, 300) || null,
      path: text(sources[sourceIndex]?.path, 300) || null,
      destination: environment,
      operation: operation
        ? {
            phase: text(operation.phase, 40),
            message: text(operation.message, 500),
            finishedAt: operation.finishedAt ? epoch(operation.finishedAt) : null,
          }
        : null,
      ...(current && ctx.revisionMetadata?.(current) ? { commit: metadataDetail(ctx.revisionMetadata(current)!) } : {}),
    },
  };
  return [appSignal, ...deployments];
}

function metadataDetail(meta: ArgoRevisionMetadata): Record<string, unknown> {
  return {
    author: text(meta.author, MAX_TEXT) || null,
    date: meta.date ? epoch(meta.date) : null,
    message: text(meta.message?.split('\n')[0], MAX_TEXT) || null,
    tags: Array.isArray(meta.tags) ? meta.tags.slice(0, 10).map((t) => text(t, 100)) : [],
  };
}

/** Who or what started a sync: the user, or Argo CD's automated sync. */
function initiator(entry: ArgoRevisionHistory): { user: string | undefined; automated: boolean; text: string } {
  const user = text(entry.initiatedBy?.username, 100) || undefined;
  const automated = entry.initiatedBy?.automated === true;
  return { user, automated, text: automated ? 'automated sync' : (user ?? 'unknown') };
}

export function historyIdOf(entry: ArgoRevisionHistory): number | undefined {
  const n = typeof entry.id === 'string' ? Number(entry.id) : entry.id;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** A full git commit SHA, lower case; anything else (a Helm chart version, a branch) is not a commit. */
function sha(value: unknown): string | undefined {
  return typeof value === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(value) ? value.toLowerCase() : undefined;
}

function epoch(value: string | undefined): number {
  const t = value ? Date.parse(value) : NaN;
  return Number.isFinite(t) ? t : 0;
}

/** Names, users and revisions are nearly always plain already: only other text pays for core/plainText. */
const PLAIN = /^[\w .,:@/+=-]*$/;

function text(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  return value.length <= max && PLAIN.test(value) && !/\b(?:command|vscode)/i.test(value) ? value.trim() : plainText(value, max);
}
