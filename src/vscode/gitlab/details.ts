import type { DetailsContributor } from '../../core/details/item';
import type { DetailsAction, DetailsRow, DetailsSection } from '../../core/details/protocol';
import { errorMessage } from '../../core/errorMessage';
import { duration } from '../../core/format';
import { mergeStatusPhrase } from '../../sources/gitlab';
import type { GitLabConnection } from './connection';

/**
 * What the details panel adds for GitLab signals: a merge request's description (remote markdown,
 * sanitised by the page), approvals, pipeline and mergeability with its actions; a pipeline's stages;
 * an issue's plan, weight and due date with Start Work.
 */
export function gitlabDetailsContributor(connectionOf: (sourceId: string) => GitLabConnection | undefined): DetailsContributor {
  return async (signal) => {
    const connection = connectionOf(signal.source);
    if (!connection) return undefined;
    const d = signal.detail ?? {};
    const sections: DetailsSection[] = [];
    const actions: DetailsAction[] = [];
    if (signal.kind === 'pullRequest') {
      const rows: DetailsRow[] = [
        { label: 'Merge request', value: String(d.reference ?? '') },
        { label: 'Branches', value: `${String(d.sourceBranch ?? '?')} → ${String(d.targetBranch ?? '?')}` },
      ];
      if (typeof d.detailedMergeStatus === 'string')
        rows.push({ label: 'Mergeability', value: mergeStatusPhrase(d.detailedMergeStatus) ?? d.detailedMergeStatus });
      const approvals = d.approvals as { approvedBy?: string[]; approvalsLeft?: number | null } | null | undefined;
      if (approvals) {
        rows.push({ label: 'Approved by', value: approvals.approvedBy?.length ? approvals.approvedBy.join(', ') : 'nobody yet' });
        if (typeof approvals.approvalsLeft === 'number') rows.push({ label: 'Approvals left', value: String(approvals.approvalsLeft) });
      }
      const pipeline = d.headPipeline as { status?: string; url?: string | null } | null | undefined;
      if (pipeline?.status) rows.push({ label: 'Pipeline', value: pipeline.status, ...(pipeline.url ? { href: pipeline.url } : {}) });
      sections.push({ title: 'Merge request', rows });
      try {
        const fresh = await connection.sources.code.details(Number(d.iid));
        if (fresh.description.trim()) sections.push({ title: 'Description', markdown: fresh.description });
      } catch (err) {
        sections.push({ title: 'Description', code: `Could not read it from GitLab: ${errorMessage(err)}` });
      }
      if (signal.state.normal === 'open' || signal.state.normal === 'draft') {
        actions.push(
          { id: 'devops.gitlab.approveMergeRequest', title: 'Approve' },
          { id: 'devops.gitlab.mergeMergeRequest', title: 'Merge…' },
          { id: 'devops.gitlab.checkoutMergeRequest', title: 'Check Out' },
        );
      }
    } else if (signal.kind === 'pipelineRun') {
      const stages = Array.isArray(d.stages) ? (d.stages as Array<{ name: string; normal: string; jobs: number }>) : [];
      const rows: DetailsRow[] = [{ label: 'Status', value: String(d.status ?? signal.state.native) }];
      if (typeof d.durationMs === 'number') rows.push({ label: 'Duration', value: duration(d.durationMs) });
      if (typeof d.source === 'string') rows.push({ label: 'Triggered by', value: d.source });
      sections.push({ title: 'Pipeline', rows });
      if (stages.length)
        sections.push({
          title: 'Stages',
          rows: stages.map((s) => ({ label: s.name, value: `${s.normal} · ${s.jobs} ${s.jobs === 1 ? 'job' : 'jobs'}` })),
        });
      actions.push({ id: 'devops.gitlab.retry', title: 'Retry' }, { id: 'devops.gitlab.cancel', title: 'Cancel' });
    } else if (signal.kind === 'workItem') {
      const rows: DetailsRow[] = [{ label: 'Issue', value: String(d.reference ?? '') }];
      if (typeof d.plan === 'string') rows.push({ label: 'Iteration or milestone', value: d.plan });
      if (typeof d.weight === 'number') rows.push({ label: 'Weight', value: String(d.weight) });
      if (typeof d.dueDate === 'number') rows.push({ label: 'Due', value: new Date(d.dueDate).toLocaleDateString() });
      sections.push({ title: 'Issue', rows });
      if (typeof d.description === 'string' && d.description.trim()) sections.push({ title: 'Description', markdown: d.description });
      if (signal.state.normal === 'open') actions.push({ id: 'devops.gitlab.startWork', title: 'Start Work' });
    } else if (signal.kind === 'job') {
      actions.push({ id: 'devops.gitlab.openJobLog', title: 'Open Log' }, { id: 'devops.gitlab.retry', title: 'Retry' });
    }
    return { sections, actions };
  };
}
