import * as vscode from 'vscode';
import type { GitHubConnection } from './connection';

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

/** Serves `devops-log:` documents; a content provider's documents cannot be edited or saved. */
export class JobLogProvider implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly connection: (key: string) => GitHubConnection | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = new URLSearchParams(uri.query);
    const jobId = Number(query.get('job'));
    const c = this.connection(query.get('repo') ?? '');
    if (!c || !Number.isSafeInteger(jobId) || jobId <= 0) {
      return 'This log belongs to a GitHub repository that is no longer open in this workspace.';
    }
    try {
      const text = await c.source.jobLog(jobId);
      return text || '(The log is empty.)';
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`GitHub: ${message}`);
      return `Could not download the log of job ${jobId}.\n\n${message}\n`;
    }
  }
}
