import { postedToText } from '../../core/postedTo';
import { SignalHub } from '../../core/hub';
import { shortSha } from '../../core/format';
import { deployEventsFromSignals } from '../../core/deployStatus';
import { Signal, tagValue } from '../../core/signal';
import { DetailsContribution, DetailsContributor } from '../../core/details/item';
import { DetailsRow } from '../../core/details/protocol';
import { GitWorkspace } from './gitWorkspace';

const MAX_LINKED_COMMITS = 50;

/** Details of deploys and incidents from the git journal: fields, linked commits and code, the resolve action. */
export function gitDetailsContributor(git: GitWorkspace): DetailsContributor {
  return async (signal, hub) => {
    const r = git.all().find((w) => w.source.id === signal.source);
    if (!r) return undefined;
    if (signal.kind === 'deployment') return deployDetails(signal, hub, r, git.identitiesOf(r));
    if (signal.kind === 'incident') return incidentDetails(signal, hub);
    return undefined;
  };
}

async function deployDetails(
  signal: Signal,
  hub: SignalHub,
  r: ReturnType<GitWorkspace['all']>[number],
  identities: string[],
): Promise<DetailsContribution> {
  const commit = signal.anchors.commits?.[0];
  const env = signal.anchors.environment;
  const detail = signal.detail ?? {};
  const rows: DetailsRow[] = [
    { label: 'Environment', value: env ?? 'unknown' },
    { label: 'Version', value: tagValue(signal, 'version') ?? '—' },
    { label: 'Outcome', value: signal.state.native },
    { label: 'Reported by', value: signal.author ?? 'unknown' },
    { label: 'Reported at', value: new Date(signal.createdAt).toLocaleString() },
  ];
  if (signal.url) rows.push({ label: 'Link', value: signal.url, href: signal.url });
  if (typeof detail.note === 'string') rows.push({ label: 'Note', value: detail.note });
  const also = postedToText(signal);
  if (also) rows.push({ label: 'Also posted to', value: also.replace(/^also posted to /, '') });
  const sections: NonNullable<DetailsContribution>['sections'] = [{ title: 'Deploy', rows }];

  // The commits this deploy brought to its environment: since the previous successful deploy there.
  if (commit && env) {
    const previous = deployEventsFromSignals(hub.query({ kind: 'deployment', environment: env, repo: identities }))
      .filter((e) => e.status === 'success' && e.at < signal.createdAt && e.commit !== commit)
      .sort((a, b) => b.at - a.at)[0];
    const commits = await r.repo.log({ from: previous?.commit, to: commit, limit: MAX_LINKED_COMMITS });
    sections.push({
      title: previous
        ? `Commits since the previous deploy to ${env} (${previous.version ?? shortSha(previous.commit)})`
        : 'Commits deployed',
      rows: commits.length
        ? commits.map((c) => ({ label: shortSha(c.sha), value: `${c.subject} — ${c.authorName}` }))
        : [{ label: '—', value: 'No new commit' }],
    });
  }
  return { sections };
}

function incidentDetails(signal: Signal, hub: SignalHub): DetailsContribution {
  const detail = signal.detail ?? {};
  const rows: DetailsRow[] = [
    { label: 'Severity', value: tagValue(signal, 'severity') ?? signal.labels[0] ?? 'unknown' },
    { label: 'State', value: signal.state.normal },
    { label: 'Reported by', value: signal.author ?? 'unknown' },
    { label: 'Reported at', value: new Date(signal.createdAt).toLocaleString() },
  ];
  const resolvedBy = detail.resolvedBy as { name?: string; email?: string } | undefined;
  if (typeof detail.resolvedAt === 'string') {
    rows.push({
      label: 'Resolved',
      value: `${new Date(detail.resolvedAt).toLocaleString()} by ${resolvedBy?.name || resolvedBy?.email || 'unknown'}`,
    });
  }
  if (typeof detail.resolutionNote === 'string') rows.push({ label: 'Resolution', value: detail.resolutionNote });
  if (typeof detail.note === 'string') rows.push({ label: 'Note', value: detail.note });
  const also = postedToText(signal);
  if (also) rows.push({ label: 'Also posted to', value: also.replace(/^also posted to /, '') });
  const deploy = signal.parentId ? hub.get(signal.parentId) : undefined;
  if (deploy) rows.push({ label: 'After deploy', value: `${deploy.title} (${new Date(deploy.createdAt).toLocaleString()})` });
  return {
    sections: [{ title: 'Incident', rows }],
    related: deploy ? [deploy] : [],
    actions: signal.state.normal === 'open' ? [{ id: 'devops.resolveIncident', title: 'Resolve Incident' }] : [],
  };
}
