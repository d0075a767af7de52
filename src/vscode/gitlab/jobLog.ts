import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import type { TraceSection } from '../../sources/gitlab';
import type { GitLabConnection } from './connection';

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
 * A GitLab job log as a read-only document: ANSI colours stripped cleanly, GitLab's collapsible
 * sections (`section_start:…`) as folding ranges. Fetched with the project's credential (its API
 * origin only); a failure is said in the document instead of an empty tab.
 */
export class GitLabJobLogProvider implements vscode.TextDocumentContentProvider, vscode.FoldingRangeProvider {
  private readonly sections = new Map<string, TraceSection[]>();

  constructor(
    private readonly connectionOf: (identity: string) => GitLabConnection | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = new URLSearchParams(uri.query);
    const connection = this.connectionOf(query.get('project') ?? '');
    const jobId = Number(query.get('job'));
    if (!connection || !Number.isSafeInteger(jobId)) return 'This job belongs to a GitLab project that is not connected in this workspace.';
    try {
      const trace = await connection.sources.build.jobLog(jobId);
      this.sections.set(uri.toString(), trace.sections);
      return trace.truncated ? `… (the log is long: its start is left out)\n${trace.text}` : trace.text;
    } catch (err) {
      this.log.warn(`GitLab: job log ${jobId}: ${errorMessage(err)}`);
      return `Could not read the log of job ${jobId}: ${errorMessage(err)}`;
    }
  }

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    const shift = document.lineAt(0).text.startsWith('… (the log is long') ? 1 : 0;
    return (this.sections.get(document.uri.toString()) ?? [])
      .filter((s) => s.endLine > s.startLine)
      .map((s) => new vscode.FoldingRange(s.startLine + shift, s.endLine + shift, vscode.FoldingRangeKind.Region));
  }

  /** Sections GitLab marks `[collapsed=true]`, to fold when the log opens. */
  collapsedLines(uri: vscode.Uri): number[] {
    return (this.sections.get(uri.toString()) ?? []).filter((s) => s.collapsed && s.endLine > s.startLine).map((s) => s.startLine);
  }
}
