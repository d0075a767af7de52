import type { DetailsContributor } from '../../core/details/item';
import type { DetailsAction, DetailsRow, DetailsSection } from '../../core/details/protocol';
import { duration, shortSha } from '../../core/format';
import type { JenkinsConnection } from './connection';

/** What the details panel adds for Jenkins builds and stages: result, cause, commit, parameters, stages; the actions. */
export function jenkinsDetailsContributor(connectionOf: (sourceId: string) => JenkinsConnection | undefined): DetailsContributor {
  return async (signal) => {
    if (!connectionOf(signal.source)) return undefined;
    const d = signal.detail ?? {};
    const sections: DetailsSection[] = [];
    const actions: DetailsAction[] = [];
    if (signal.kind === 'pipelineRun') {
      const rows: DetailsRow[] = [{ label: 'Result', value: String(d.status ?? signal.state.native) }];
      if (typeof d.durationMs === 'number') rows.push({ label: 'Duration', value: duration(d.durationMs) });
      if (typeof d.cause === 'string') rows.push({ label: 'Cause', value: d.cause });
      if (typeof d.commit === 'string') rows.push({ label: 'Commit', value: shortSha(d.commit) });
      if (typeof d.jobUrl === 'string')
        rows.push({ label: 'Job', value: String((d.jenkins as { job?: string[] })?.job?.join(' » ') ?? ''), href: d.jobUrl });
      sections.push({ title: 'Build', rows });
      const parameters = d.parameters as Record<string, string> | undefined;
      if (parameters && Object.keys(parameters).length)
        sections.push({ title: 'Parameters', rows: Object.entries(parameters).map(([label, value]) => ({ label, value })) });
      actions.push({ id: 'devops.jenkins.showLog', title: 'Show Log' }, { id: 'devops.jenkins.rebuild', title: 'Rebuild' });
      if (signal.state.normal === 'running') actions.push({ id: 'devops.jenkins.abort', title: 'Abort' });
    } else if (signal.kind === 'job' && d.stage) {
      const rows: DetailsRow[] = [{ label: 'Status', value: String(d.status ?? signal.state.native) }];
      if (typeof d.durationMs === 'number') rows.push({ label: 'Duration', value: duration(d.durationMs) });
      if (Array.isArray(d.waitingFor)) rows.push({ label: 'Waiting for input', value: d.waitingFor.join(' · ') });
      sections.push({ title: 'Stage', rows });
      actions.push({ id: 'devops.jenkins.showLog', title: 'Show Log' });
    } else if (signal.kind === 'job' && d.test) {
      if (typeof d.description === 'string') sections.push({ title: 'Test', rows: [{ label: 'Age', value: d.description }] });
      if (typeof d.errorDetails === 'string') sections.push({ title: 'Failure', code: d.errorDetails });
    }
    return { sections, actions };
  };
}
