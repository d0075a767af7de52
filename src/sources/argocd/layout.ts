/**
 * How the Deploy view shows Argo CD (pure, on core/phaseTree's `ViewLayout`): one group per
 * instance, then each application as a row (`Synced · Healthy · a1b2c3d4 → cluster/namespace`),
 * out-of-sync and degraded ones first, with its history below, newest first
 * (`a1b2c3d4 · admin` / `automated sync`).
 */
import { shortSha } from '../../core/format';
import type { LayoutHelpers, SignalNode, TreeNode, ViewLayout } from '../../core/phaseTree';
import type { Signal } from '../../core/signal';
import { needsAttention } from './mapping';

const isArgo = (s: Signal) => s.source.startsWith('argocd:') && s.kind === 'deployment';

export function argocdDeployLayout(): ViewLayout {
  return {
    claims: isArgo,
    build: (signals, h) => build(signals, h),
  };
}

function build(signals: readonly Signal[], h: LayoutHelpers): TreeNode[] {
  const bySource = new Map<string, Signal[]>();
  for (const s of signals) {
    let list = bySource.get(s.source);
    if (!list) bySource.set(s.source, (list = []));
    list.push(s);
  }
  const out: TreeNode[] = [];
  for (const [source, list] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
    const apps = list
      .filter((s) => s.detail?.argocdApp === true)
      .sort((a, b) => Number(needsAttention(b)) - Number(needsAttention(a)) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
    const prefix = `argocd/${source}`;
    const nodes = apps.map((app): SignalNode => {
      // The helper nests an app's history under it (by parentId); here it is re-ordered newest first.
      const node = h.node(app);
      const history = node.children
        .filter((c): c is SignalNode => c.type === 'signal')
        .sort((a, b) => b.signal.createdAt - a.signal.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
      return {
        ...node,
        id: `${prefix}/${app.id}`,
        description: appDescription(app),
        children: history.map((entry) => ({
          ...entry,
          id: `${prefix}/${entry.id}`,
          description: historyDescription(entry.signal),
          children: [],
        })),
      };
    });
    const attention = apps.filter(needsAttention).length;
    const group = h.group(
      prefix,
      `Argo CD · ${source.slice('argocd:'.length)}`,
      'instance',
      nodes,
      `${apps.length} ${apps.length === 1 ? 'app' : 'apps'}${attention ? ` · ${attention} need attention` : ''}`,
    );
    out.push({ ...group, icon: 'rocket' });
  }
  return out;
}

/** `OutOfSync · Healthy · a1b2c3d4 → in-cluster/guestbook`. */
export function appDescription(app: Signal): string {
  const d = app.detail ?? {};
  const revision = typeof d.currentRevision === 'string' ? ` · ${shortSha(d.currentRevision)}` : '';
  const running = (d.operation as { phase?: string } | null | undefined)?.phase === 'Running' ? ' · syncing' : '';
  return `${String(d.sync ?? '?')} · ${String(d.health ?? '?')}${revision}${running} → ${String(app.anchors.environment ?? '')}`;
}

/** `a1b2c3d4 · admin`, or `· automated sync`. */
export function historyDescription(entry: Signal): string {
  const d = entry.detail ?? {};
  const revision = typeof d.revision === 'string' ? shortSha(d.revision) : '';
  const who = typeof d.initiatedBy === 'string' ? d.initiatedBy : 'current';
  return `${revision} · ${who}`;
}
