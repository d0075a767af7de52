import type { DetailsContributor } from '../../core/details/item';
import type { DetailsAction, DetailsRow, DetailsSection } from '../../core/details/protocol';
import { shortSha } from '../../core/format';
import type { ArgoCdSource } from '../../sources/argocd';

/**
 * What the details panel adds for Argo CD signals: an application's sync status, health (with Argo
 * CD's message), revisions, source and last operation, with Sync, Refresh, Rollback and Open; a
 * history entry's revision, who or what started it and its commit, with Rollback.
 */
export function argocdDetailsContributor(sourceOf: (sourceId: string) => ArgoCdSource | undefined): DetailsContributor {
  return (signal) => {
    if (!sourceOf(signal.source)) return undefined;
    const d = signal.detail ?? {};
    const sections: DetailsSection[] = [];
    const actions: DetailsAction[] = [];
    const commit = d.commit as { author?: string | null; message?: string | null; tags?: string[] } | undefined;
    const commitRows = (): DetailsRow[] => [
      ...(commit?.message ? [{ label: 'Commit message', value: commit.message }] : []),
      ...(commit?.author ? [{ label: 'Author', value: commit.author }] : []),
      ...(commit?.tags?.length ? [{ label: 'Tags', value: commit.tags.join(', ') }] : []),
    ];
    if (d.argocdApp === true) {
      const rows: DetailsRow[] = [
        { label: 'Sync status', value: String(d.sync ?? '?') },
        { label: 'Health', value: `${String(d.health ?? '?')}${d.healthMessage ? `: ${String(d.healthMessage)}` : ''}` },
        { label: 'Destination', value: String(d.destination ?? '') },
      ];
      if (typeof d.currentRevision === 'string') rows.push({ label: 'Running revision', value: shortSha(d.currentRevision) });
      if (typeof d.syncedRevision === 'string' && d.syncedRevision !== d.currentRevision)
        rows.push({ label: 'Compared with', value: shortSha(d.syncedRevision) });
      if (typeof d.targetRevision === 'string') rows.push({ label: 'Target revision', value: d.targetRevision });
      if (typeof d.repoURL === 'string')
        rows.push({ label: 'Source', value: `${d.repoURL}${typeof d.path === 'string' ? ` · ${d.path}` : ''}` });
      if (typeof d.project === 'string') rows.push({ label: 'Project', value: d.project });
      sections.push({ title: 'Application', rows: [...rows, ...commitRows()] });
      const op = d.operation as { phase?: string; message?: string } | null | undefined;
      if (op?.phase) sections.push({ title: 'Last operation', rows: [{ label: op.phase, value: op.message ?? '' }] });
      actions.push(
        { id: 'devops.argocd.sync', title: 'Sync…' },
        { id: 'devops.argocd.refresh', title: 'Refresh' },
        { id: 'devops.argocd.rollback', title: 'Roll Back…' },
        { id: 'devops.argocd.open', title: 'Open in Argo CD' },
      );
    } else if (d.argocdHistory === true) {
      const rows: DetailsRow[] = [{ label: 'Revision', value: typeof d.revision === 'string' ? d.revision : '?' }];
      if (typeof d.historyId === 'number') rows.push({ label: 'History entry', value: String(d.historyId) });
      rows.push({ label: 'Initiated by', value: typeof d.initiatedBy === 'string' ? d.initiatedBy : 'unknown (not in the kept history)' });
      sections.push({ title: 'Argo CD sync', rows: [...rows, ...commitRows()] });
      if (typeof d.historyId === 'number') actions.push({ id: 'devops.argocd.rollback', title: 'Roll Back to This…' });
      actions.push({ id: 'devops.argocd.open', title: 'Open in Argo CD' });
    } else return undefined;
    return { sections, actions };
  };
}
