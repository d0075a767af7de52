import { duration, shortSha } from '../../core/format';
import type { Signal } from '../../core/signal';
import type { ChecksRollup, ReviewSummary } from '../../sources/github';
import type { DetailsAction, DetailsRow, DetailsSection } from '../../core/details/protocol';
import type { DetailsContribution, DetailsContributor } from '../../core/details/item';
import type { GitHubConnection } from './connection';
import { describeChange, pullRequestFiles, type PullRequestFiles } from './changedFiles';

/**
 * Sections and buttons of the details panel for GitHub signals: a pull request (description as
 * Markdown, reviews, checks, changed files), a workflow run or job (jobs, steps, timings), an issue,
 * a deployment. Remote text goes in as data: the page renders Markdown sanitized and rows as text.
 */
export function githubDetailsContributor(connectionOf: (sourceId: string) => GitHubConnection | undefined): DetailsContributor {
  return async (signal) => {
    if (!signal.source.startsWith('github:')) return undefined;
    const c = connectionOf(signal.source);
    switch (signal.kind) {
      case 'pullRequest':
        return pullRequestDetails(signal, c);
      case 'pipelineRun':
        return runDetails(signal, c);
      case 'job':
        return jobDetails(signal, c);
      case 'workItem':
        return issueDetails(signal, c);
      case 'deployment':
        return deploymentDetails(signal);
      default:
        return undefined;
    }
  };
}

interface JobDetail {
  id: number;
  name: string;
  native: string;
  durationMs: number | null;
  url: string | null;
  runner: string | null;
  steps: { number: number; name: string; native: string; durationMs: number | null }[];
}

async function pullRequestDetails(s: Signal, c: GitHubConnection | undefined): Promise<DetailsContribution> {
  const d = s.detail ?? {};
  const head = d.head as { ref: string; sha: string } | undefined;
  const base = d.base as { ref: string; sha: string } | undefined;
  const review = d.review as ReviewSummary | null;
  const checks = d.checks as ChecksRollup | null;
  const rows: DetailsRow[] = [
    { label: 'State', value: `${s.state.native}${d.draft ? ' (draft)' : ''}` },
    { label: 'Branches', value: `${head?.ref ?? '?'} → ${base?.ref ?? '?'}` },
    { label: 'Author', value: s.author ?? 'unknown' },
    { label: 'Review', value: review ? reviewText(review) : 'not read yet' },
    { label: 'Checks', value: checks ? checksText(checks) : 'not read yet' },
    {
      label: 'Mergeable',
      value:
        d.mergeable === true
          ? `yes (${String(d.mergeableState ?? 'clean')})`
          : d.mergeable === false
            ? `no (${String(d.mergeableState ?? 'conflicts')})`
            : 'being computed by GitHub',
    },
  ];
  if (s.url) rows.push({ label: 'On GitHub', value: s.url, href: s.url });
  const sections: DetailsSection[] = [{ title: `Pull request #${String(d.number ?? '')}`, rows }];
  if (typeof d.body === 'string' && d.body.trim()) sections.push({ title: 'Description', markdown: d.body });
  const reviews =
    (d.reviews as { user: string | null; state: string; submittedAt: string | null; body: string; url: string | null }[] | undefined) ?? [];
  if (reviews.length) {
    sections.push({
      title: 'Reviews',
      rows: reviews.map((r) => ({
        label: r.user ?? 'unknown',
        value: `${r.state.toLowerCase().replace(/_/g, ' ')}${r.submittedAt ? ` · ${new Date(r.submittedAt).toLocaleString()}` : ''}${r.body ? ` — ${r.body.slice(0, 300)}` : ''}`,
        ...(r.url ? { href: r.url } : {}),
      })),
    });
  }
  const checkRuns = (d.checkRuns as { name: string; native: string; url: string | null }[] | undefined) ?? [];
  const statuses =
    (d.statuses as { context: string | null; state: string; description: string | null; url: string | null }[] | undefined) ?? [];
  if (checkRuns.length || statuses.length) {
    sections.push({
      title: 'Checks',
      rows: [
        ...checkRuns.map((k) => ({ label: k.name, value: k.native.replace(/_/g, ' '), ...(k.url ? { href: k.url } : {}) })),
        ...statuses.map((k) => ({
          label: k.context ?? 'status',
          value: `${k.state}${k.description ? ` — ${k.description}` : ''}`,
          ...(k.url ? { href: k.url } : {}),
        })),
      ],
    });
  }
  const actions: DetailsAction[] = [];
  if (c) {
    const changes = await pullRequestFiles(s, c);
    sections.push(changedFilesSection(changes, c.workspace.repo.root));
    if (changes.files?.length) actions.push({ id: 'devops.github.openPullRequestChanges', title: 'Open Changes…' });
    if (s.state.normal === 'open' || s.state.normal === 'draft') {
      actions.push(
        { id: 'devops.github.checkoutPullRequest', title: 'Check Out' },
        { id: 'devops.github.approvePullRequest', title: 'Approve' },
        { id: 'devops.github.requestChanges', title: 'Request Changes…' },
        { id: 'devops.github.mergePullRequest', title: 'Merge…' },
      );
    }
  }
  return { sections, actions };
}

function changedFilesSection(changes: PullRequestFiles, root: string): DetailsSection {
  const rows: DetailsRow[] = (changes.files ?? []).map((f) => ({
    label: f.status,
    value: describeChange(f),
    ...(f.status !== 'removed' ? { file: { repo: root, path: f.path } } : {}),
  }));
  if (changes.note) rows.push({ label: changes.files ? 'Note' : '—', value: changes.note });
  return { title: changes.files ? `Changed files (${changes.files.length})` : 'Changed files', rows };
}

function runDetails(s: Signal, c: GitHubConnection | undefined): DetailsContribution {
  const d = s.detail ?? {};
  const rows: DetailsRow[] = [
    {
      label: 'Workflow',
      value: `${String(d.workflow ?? 'Workflow')} #${String(d.runNumber ?? '')}${Number(d.attempt) > 1 ? ` (attempt ${String(d.attempt)})` : ''}`,
    },
    { label: 'Outcome', value: s.state.native.replace(/_/g, ' ') },
    { label: 'Branch', value: s.anchors.branch ?? '—' },
    { label: 'Commit', value: s.anchors.commits?.[0] ? shortSha(s.anchors.commits[0]) : '—' },
    { label: 'Event', value: String(d.event ?? '—') },
    { label: 'Started', value: typeof d.startedAt === 'number' ? new Date(d.startedAt).toLocaleString() : '—' },
    { label: 'Duration', value: typeof d.durationMs === 'number' ? duration(d.durationMs) : 'still running' },
  ];
  if (s.url) rows.push({ label: 'On GitHub', value: s.url, href: s.url });
  const sections: DetailsSection[] = [{ title: 'Workflow run', rows }];
  const jobs = (d.jobs as JobDetail[] | null) ?? [];
  if (jobs.length) {
    sections.push({
      title: 'Jobs',
      rows: jobs.map((j) => ({ label: j.name, value: timing(j.native, j.durationMs), ...(j.url ? { href: j.url } : {}) })),
    });
    for (const j of jobs) if (j.steps.length) sections.push(stepsSection(j));
  }
  return { sections, actions: c ? runActions(s) : [] };
}

function jobDetails(s: Signal, c: GitHubConnection | undefined): DetailsContribution {
  const j = s.detail as unknown as JobDetail | undefined;
  if (!j) return undefined;
  const rows: DetailsRow[] = [
    { label: 'Outcome', value: timing(j.native, j.durationMs) },
    { label: 'Runner', value: j.runner ?? '—' },
  ];
  if (j.url) rows.push({ label: 'On GitHub', value: j.url, href: j.url });
  const actions: DetailsAction[] = c ? [{ id: 'devops.github.openJobLog', title: 'Open Job Log' }] : [];
  if (c && s.state.normal === 'failed') actions.push({ id: 'devops.github.rerunFailedJobs', title: 'Re-run Failed Jobs' });
  return { sections: [{ title: 'Job', rows }, stepsSection(j)], actions };
}

function issueDetails(s: Signal, c: GitHubConnection | undefined): DetailsContribution {
  const d = s.detail ?? {};
  const milestone = d.milestone as { title: string; dueOn: string | null } | null;
  const rows: DetailsRow[] = [
    { label: 'State', value: s.state.native.replace(/_/g, ' ') },
    {
      label: 'Milestone',
      value: milestone ? `${milestone.title}${milestone.dueOn ? ` (due ${new Date(milestone.dueOn).toLocaleDateString()})` : ''}` : '—',
    },
    { label: 'Assignees', value: ((d.assignees as string[] | undefined) ?? []).join(', ') || 'nobody' },
    { label: 'Labels', value: ((d.labels as string[] | undefined) ?? []).join(', ') || '—' },
    { label: 'Author', value: s.author ?? 'unknown' },
  ];
  if (s.url) rows.push({ label: 'On GitHub', value: s.url, href: s.url });
  const sections: DetailsSection[] = [{ title: `Issue #${String(d.number ?? '')}`, rows }];
  if (typeof d.body === 'string' && d.body.trim()) sections.push({ title: 'Description', markdown: d.body });
  return { sections, actions: c && s.state.normal === 'open' ? [{ id: 'devops.github.startWork', title: 'Start Work on Item' }] : [] };
}

function deploymentDetails(s: Signal): DetailsContribution {
  const d = s.detail ?? {};
  const rows: DetailsRow[] = [
    { label: 'Environment', value: s.anchors.environment ?? '—' },
    { label: 'Ref', value: String(d.ref ?? '—') },
    { label: 'Commit', value: typeof d.sha === 'string' ? shortSha(d.sha) : '—' },
    { label: 'Status', value: s.state.native },
    { label: 'Task', value: String(d.task ?? 'deploy') },
  ];
  if (typeof d.environmentUrl === 'string') rows.push({ label: 'Environment URL', value: d.environmentUrl, href: d.environmentUrl });
  if (typeof d.description === 'string' && d.description) rows.push({ label: 'Description', value: d.description });
  const statuses =
    (d.statuses as
      { state: string; description: string | null; createdAt: number; logUrl: string | null; creator: string | null }[] | undefined) ?? [];
  const sections: DetailsSection[] = [{ title: 'GitHub deployment', rows }];
  if (statuses.length) {
    sections.push({
      title: 'Statuses',
      rows: statuses.map((st) => ({
        label: new Date(st.createdAt).toLocaleString(),
        value: `${st.state}${st.description ? ` — ${st.description}` : ''}${st.creator ? ` (${st.creator})` : ''}`,
        ...(st.logUrl ? { href: st.logUrl } : {}),
      })),
    });
  }
  return { sections };
}

function runActions(s: Signal): DetailsAction[] {
  const actions: DetailsAction[] = [];
  if (s.state.normal === 'failed' || s.state.normal === 'cancelled')
    actions.push({ id: 'devops.github.rerunFailedJobs', title: 'Re-run Failed Jobs' });
  if (s.state.normal === 'running' || s.state.normal === 'queued') actions.push({ id: 'devops.github.cancelRun', title: 'Cancel Run' });
  actions.push({ id: 'devops.github.openJobLog', title: 'Open Job Log…' });
  return actions;
}

function stepsSection(j: JobDetail): DetailsSection {
  return {
    title: `Steps of ${j.name}`,
    rows: j.steps.length
      ? j.steps.map((st) => ({ label: `${st.number}. ${st.name}`, value: timing(st.native, st.durationMs) }))
      : [{ label: '—', value: 'No step reported yet' }],
  };
}

function timing(native: string, ms: number | null): string {
  return `${native.replace(/_/g, ' ')}${ms !== null ? ` · ${duration(ms)}` : ''}`;
}

function reviewText(r: ReviewSummary): string {
  const parts: string[] = [
    { approved: 'approved', changesRequested: 'changes requested', reviewRequired: 'review required', none: 'no review yet' }[r.decision],
  ];
  if (r.approvedBy.length) parts.push(`approved by ${r.approvedBy.join(', ')}`);
  if (r.changesRequestedBy.length) parts.push(`changes requested by ${r.changesRequestedBy.join(', ')}`);
  if (r.pending.length) parts.push(`waiting for ${r.pending.join(', ')}`);
  return parts.join(' · ');
}

function checksText(c: ChecksRollup): string {
  if (c.state === 'none') return 'no checks';
  return `${c.state} (${c.succeeded} passed, ${c.failed} failed, ${c.running} running, of ${c.total})`;
}
