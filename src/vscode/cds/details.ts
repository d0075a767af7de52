import type { DetailsContributor } from '../../core/details/item';
import type { DetailsAction, DetailsRow, DetailsSection } from '../../core/details/protocol';
import { duration, shortSha } from '../../core/format';
import type { CdsConnection } from './connection';

/** What the details panel adds for CDS runs, jobs and steps: status, duration, who, commit, worker; the actions. */
export function cdsDetailsContributor(connectionOf: (sourceId: string) => CdsConnection | undefined): DetailsContributor {
  return async (signal) => {
    if (!connectionOf(signal.source)) return undefined;
    const d = signal.detail ?? {};
    const sections: DetailsSection[] = [];
    const actions: DetailsAction[] = [];
    const rows: DetailsRow[] = [{ label: 'Status', value: String(d.status ?? signal.state.native) }];
    if (typeof d.durationMs === 'number') rows.push({ label: 'Duration', value: duration(d.durationMs) });
    const going = signal.state.normal === 'running' || signal.state.normal === 'queued';
    if (signal.kind === 'pipelineRun') {
      if (typeof d.version === 'string') rows.push({ label: 'Version', value: d.version });
      if (typeof d.triggeredBy === 'string') rows.push({ label: 'Triggered by', value: d.triggeredBy });
      if (typeof d.commit === 'string')
        rows.push({ label: 'Commit', value: `${shortSha(d.commit)}${typeof d.commitAuthor === 'string' ? ` by ${d.commitAuthor}` : ''}` });
      if (signal.anchors.branch) rows.push({ label: 'Branch', value: signal.anchors.branch });
      const cds = d.cds as { project?: string; workflow?: string } | undefined;
      if (cds?.project) rows.push({ label: 'Workflow', value: `${cds.project}/${cds.workflow ?? ''}` });
      sections.push({ title: 'Run', rows });
      actions.push({ id: 'devops.cds.restartRun', title: 'Restart' }, { id: 'devops.cds.runWorkflow', title: 'Run Workflow' });
      if (going) actions.push({ id: 'devops.cds.stopRun', title: 'Stop' });
    } else if (d.step) {
      sections.push({ title: 'Step', rows });
      actions.push({ id: 'devops.cds.showStepLog', title: 'Show Log' });
    } else if (signal.kind === 'job') {
      if (typeof d.node === 'string') rows.push({ label: 'Pipeline', value: d.node });
      if (typeof d.stage === 'string' && d.stage) rows.push({ label: 'Stage', value: d.stage });
      if (typeof d.worker === 'string') rows.push({ label: 'Worker', value: d.worker });
      sections.push({ title: 'Job', rows });
      if (typeof d.reason === 'string') sections.push({ title: 'Reason', code: d.reason });
      actions.push({ id: 'devops.cds.showStepLog', title: 'Show Step Log' });
    }
    return { sections, actions };
  };
}
