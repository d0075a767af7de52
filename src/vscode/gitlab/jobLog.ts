import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import type { GitLabConnection } from './connection';
import type { LogStyles } from '../logs/logStyles';

export const LOG_SCHEME = 'devops-gitlab-log';

/** `devops-gitlab-log:/<job name>.log?project=<identity>&job=<id>` */
export function jobLogUri(connection: GitLabConnection, jobId: number, name: string): vscode.Uri {
  return vscode.Uri.from({
    scheme: LOG_SCHEME,
    path: `/${name.replace(/[^\w.-]+/g, '_')}-${jobId}.log`,
    query: new URLSearchParams({ project: connection.identity, job: String(jobId) }).toString(),
  });
}

/**
 * A GitLab job log as a read-only document: ANSI colours drawn (logs/logStyles), GitLab's collapsible
 * sections (`section_start:…`) as folding ranges, the `[collapsed=true]` ones folded. Fetched with the
 * project's credential (its API origin only); a failure is said in the document instead of an empty tab.
 */
export class GitLabJobLogProvider implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly connectionOf: (identity: string) => GitLabConnection | undefined,
    private readonly log: vscode.LogOutputChannel,
    private readonly styles: LogStyles,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = new URLSearchParams(uri.query);
    const connection = this.connectionOf(query.get('project') ?? '');
    const jobId = Number(query.get('job'));
    if (!connection || !Number.isSafeInteger(jobId)) return 'This job belongs to a GitLab project that is not connected in this workspace.';
    try {
      const trace = await connection.sources.build.jobLog(jobId);
      this.styles.set(uri, {
        text: trace.text,
        styles: trace.styles,
        runs: trace.runs,
        groups: trace.sections.map((s) => ({ startLine: s.startLine, endLine: s.endLine, collapsed: s.collapsed })),
      });
      return trace.text;
    } catch (err) {
      this.log.warn(`GitLab: job log ${jobId}: ${errorMessage(err)}`);
      return `Could not read the log of job ${jobId}: ${errorMessage(err)}`;
    }
  }
}
