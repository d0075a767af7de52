import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import { cutLogNotice, keepLogEnd, shiftRuns, TerminalDecoder, type StyledRun } from '../../core/terminalText';
import type { CdsRef } from '../../sources/cds';
import type { LogStyles } from '../logs/logStyles';
import type { CdsConnection } from './connection';

export const LOG_SCHEME = 'devops-cds-log';

/** `devops-cds-log:/<workflow>-<run>-<step>.log?source=…&project=…&workflow=…&node=…&job=…&step=…` */
export function stepLogUri(connection: CdsConnection, ref: CdsRef, title: string): vscode.Uri {
  return vscode.Uri.from({
    scheme: LOG_SCHEME,
    path: `/${`${ref.workflow}-${ref.number}-${title}`.replace(/[^\w.-]+/g, '_').slice(0, 120)}.log`,
    query: new URLSearchParams({
      source: connection.source.id,
      project: ref.project,
      workflow: ref.workflow,
      node: String(ref.nodeRunId),
      job: String(ref.jobId),
      step: String(ref.stepOrder),
    }).toString(),
  });
}

/**
 * A CDS step's log as a read-only document, downloaded from the CDN with the instance's session (through the
 * source: the API's origin and the CDN it names only). Colours are drawn like every CI log's
 * (core/terminalText, logs/logStyles); a very long log keeps its end. A failure is said in the document.
 */
export class CdsStepLogProvider implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly connectionOf: (sourceId: string) => CdsConnection | undefined,
    private readonly log: vscode.LogOutputChannel,
    private readonly styles: LogStyles,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const q = new URLSearchParams(uri.query);
    const connection = this.connectionOf(q.get('source') ?? '');
    const [nodeRunId, jobId, order] = ['node', 'job', 'step'].map((k) => Number(q.get(k)));
    const ref = { project: q.get('project') ?? '', workflow: q.get('workflow') ?? '' };
    if (!connection || !ref.project || !ref.workflow || ![nodeRunId, jobId, order].every(Number.isSafeInteger))
      return 'This step belongs to a CDS that is not connected in this workspace.';
    const what = `step ${order + 1} of job ${jobId} (${ref.project}/${ref.workflow})`;
    try {
      const raw = await connection.source.stepLog(ref, { nodeRunId, jobId, order });
      const { kept, cut } = keepLogEnd(raw);
      const decoder = new TerminalDecoder();
      const runs = new Map<number, StyledRun[]>();
      const lines: string[] = cut ? [cutLogNotice(cut)] : [];
      for (const piece of kept.replace(/\r\n/g, '\n').split('\n')) {
        const { text, runs: lineRuns } = decoder.line(piece);
        if (lineRuns.length) runs.set(lines.length, shiftRuns(lineRuns, 0));
        lines.push(text);
      }
      const text = lines.join('\n');
      this.styles.set(uri, { text, styles: decoder.styles, runs, groups: [] });
      return text;
    } catch (err) {
      this.log.warn(`CDS: log of ${what}: ${errorMessage(err)}`);
      return `Could not read the log of ${what}: ${errorMessage(err)}`;
    }
  }
}
