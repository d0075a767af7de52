import * as vscode from 'vscode';
import type { GitHubConnection } from './connection';
import type { LogStyles } from '../logs/logStyles';

/** Read-only documents holding a job's log, downloaded on open and cleaned (ANSI stripped). */
export const LOG_SCHEME = 'devops-log';

export function jobLogUri(connection: GitHubConnection, jobId: number, jobName: string): vscode.Uri {
  const name =
    jobName
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'job';
  return vscode.Uri.from({
    scheme: LOG_SCHEME,
    path: `/${connection.fullName}/${name}-${jobId}.log`,
    query: new URLSearchParams({ repo: connection.key, job: String(jobId) }).toString(),
  });
}

/** Serves `devops-log:` documents (colours and groups drawn by logs/logStyles); they cannot be edited or saved. */
export class JobLogProvider implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly connection: (key: string) => GitHubConnection | undefined,
    private readonly log: vscode.LogOutputChannel,
    private readonly styles: LogStyles,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = new URLSearchParams(uri.query);
    const jobId = Number(query.get('job'));
    const c = this.connection(query.get('repo') ?? '');
    if (!c || !Number.isSafeInteger(jobId) || jobId <= 0) {
      return 'This log belongs to a GitHub repository that is no longer open in this workspace.';
    }
    try {
      const styled = await c.source.jobLog(jobId);
      if (!styled.text) return '(The log is empty.)';
      this.styles.set(uri, styled);
      return styled.text;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`GitHub: ${message}`);
      return `Could not download the log of job ${jobId}.\n\n${message}\n`;
    }
  }
}
