import { SignalHub } from '../hub';
import { relativeTime, shortSha } from '../format';
import { Signal } from '../signal';
import { DetailsItem, DetailsRow, DetailsSection } from './protocol';

/** Extra sections and actions a feature adds for the signals it owns (e.g. incidents get "Resolve"). */
export type DetailsContribution = Partial<Pick<DetailsItem, 'sections' | 'actions' | 'related'>> | undefined;
export type DetailsContributor = (signal: Signal, hub: SignalHub) => DetailsContribution | Promise<DetailsContribution>;

/** Builds what the details panel shows for a signal: its anchors and fields, plus what contributors add. */
export async function buildDetailsItem(signal: Signal, hub: SignalHub, contributors: readonly DetailsContributor[]): Promise<DetailsItem> {
  const sections: DetailsSection[] = [];
  const anchorRows: DetailsRow[] = [];
  const a = signal.anchors;
  if (a.repo) anchorRows.push({ label: 'Repository', value: a.repo });
  if (a.branch) anchorRows.push({ label: 'Branch', value: a.branch });
  if (a.environment) anchorRows.push({ label: 'Environment', value: a.environment });
  for (const c of a.commits ?? []) anchorRows.push({ label: 'Commit', value: shortSha(c) });
  for (const f of a.files ?? []) {
    const lines = f.line ? `:${f.line}${f.endLine && f.endLine !== f.line ? `-${f.endLine}` : ''}` : '';
    anchorRows.push({ label: 'Code', value: `${f.path}${lines}`, file: { repo: a.repo, path: f.path, line: f.line } });
  }
  if (anchorRows.length) sections.push({ title: 'Where', rows: anchorRows });
  const history = hub.stateHistory(signal.id);
  if (history.length) {
    sections.push({
      title: 'State changes',
      rows: history.map((h) => ({ label: relativeTime(h.at), value: `${h.from} → ${h.to}` })),
    });
  }
  const item: DetailsItem = { signal, related: hub.children(signal.id), sections, actions: [] };
  const contributions = await Promise.allSettled(contributors.map(async (contribute) => contribute(signal, hub)));
  for (const outcome of contributions) {
    if (outcome.status === 'rejected') {
      // A failing contributor (git unavailable, ...) costs its own section, not the whole panel.
      const reason = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
      item.sections = [...(item.sections ?? []), { title: 'Not available', code: reason }];
      continue;
    }
    const extra = outcome.value;
    if (!extra) continue;
    item.sections = [...(item.sections ?? []), ...(extra.sections ?? [])];
    item.actions = [...(item.actions ?? []), ...(extra.actions ?? [])];
    item.related = [...item.related, ...(extra.related ?? [])];
  }
  return item;
}
