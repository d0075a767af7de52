import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import type { Signal } from '../../core/signal';
import { cutLogNotice, keepLogEnd, shiftRuns, TerminalDecoder, type StyledLog, type StyledRun } from '../../core/terminalText';
import type { CdsRef } from '../../sources/cds';
import type { LogStyles } from '../logs/logStyles';
import type { CdsConnection } from './connection';

export const LOG_SCHEME = 'devops-cds-log';
const FOLLOW_MS = 3000;

/** `devops-cds-log:/<workflow>-<run>-<step>.log?source=…&signal=…&project=…&workflow=…&node=…&job=…&step=…` */
export function stepLogUri(connection: CdsConnection, step: Signal): vscode.Uri {
  const ref = step.detail?.cds as CdsRef;
  return vscode.Uri.from({
    scheme: LOG_SCHEME,
    path: `/${`${ref.workflow}-${ref.number}-${step.title}`.replace(/[^\w.-]+/g, '_').slice(0, 120)}.log`,
    query: new URLSearchParams({
      source: connection.source.id,
      signal: step.id,
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
 * source: the API's origin and the CDN it names only). While the step is still going (its signal, kept fresh by
 * the fast poll), the log is downloaded again every three seconds for as long as the document is open, and once
 * more when the step ends. Colours are drawn like every CI log's (core/terminalText, logs/logStyles); a very long
 * log keeps its end. A failure is said in the document.
 */
export class CdsStepLogProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly followed = new Map<string, { text: string; timer?: ReturnType<typeof setTimeout> }>();
  private readonly closing: vscode.Disposable;

  constructor(
    private readonly connectionOf: (sourceId: string) => CdsConnection | undefined,
    private readonly signalOf: (id: string) => Signal | undefined,
    private readonly log: vscode.LogOutputChannel,
    private readonly styles: LogStyles,
  ) {
    this.closing = vscode.workspace.onDidCloseTextDocument((d) => this.stop(d.uri.toString()));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = uri.toString();
    const followed = this.followed.get(key);
    if (followed) return followed.text;
    const text = await this.read(uri);
    if (this.going(uri)) {
      this.followed.set(key, { text });
      this.follow(key, uri);
    }
    return text;
  }

  /**
   * A log opened again while VS Code still holds its document (closing a tab does not drop it at once) would show
   * what was read then: read it now, and follow it again if the step still runs.
   */
  async reload(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === key) || this.followed.has(key)) return;
    const entry: { text: string; timer?: ReturnType<typeof setTimeout> } = { text: await this.read(uri) };
    this.followed.set(key, entry);
    this.changed.fire(uri);
    if (this.going(uri)) this.follow(key, uri);
    // Not following: the entry only hands the fresh text to the document; the next open reads again.
    else entry.timer = setTimeout(() => this.stop(key), FOLLOW_MS);
  }

  dispose(): void {
    for (const key of [...this.followed.keys()]) this.stop(key);
    this.closing.dispose();
    this.changed.dispose();
  }

  private going(uri: vscode.Uri): boolean {
    const state = this.signalOf(new URLSearchParams(uri.query).get('signal') ?? '')?.state.normal;
    return state === 'running' || state === 'queued';
  }

  private follow(key: string, uri: vscode.Uri): void {
    const state = this.followed.get(key);
    if (!state) return;
    state.timer = setTimeout(() => {
      const last = !this.going(uri);
      void this.read(uri).then((text) => {
        if (!this.followed.has(key)) return;
        if (text !== state.text) {
          state.text = text;
          this.changed.fire(uri);
        }
        if (last) this.stop(key);
        else this.follow(key, uri);
      });
    }, FOLLOW_MS);
  }

  private stop(key: string): void {
    const state = this.followed.get(key);
    if (state?.timer) clearTimeout(state.timer);
    this.followed.delete(key);
  }

  private async read(uri: vscode.Uri): Promise<string> {
    const q = new URLSearchParams(uri.query);
    const connection = this.connectionOf(q.get('source') ?? '');
    const [nodeRunId, jobId, order] = ['node', 'job', 'step'].map((k) => Number(q.get(k)));
    const ref = { project: q.get('project') ?? '', workflow: q.get('workflow') ?? '' };
    if (!connection || !ref.project || !ref.workflow || ![nodeRunId, jobId, order].every(Number.isSafeInteger))
      return 'This step belongs to a CDS that is not connected in this workspace.';
    const what = `step ${order + 1} of job ${jobId} (${ref.project}/${ref.workflow})`;
    try {
      const styled = styledLog(await connection.source.stepLog(ref, { nodeRunId, jobId, order }));
      this.styles.set(uri, styled);
      return styled.text;
    } catch (err) {
      this.log.warn(`CDS: log of ${what}: ${errorMessage(err)}`);
      return `Could not read the log of ${what}: ${errorMessage(err)}`;
    }
  }
}

/** A raw log as shown: its end when very long, escapes decoded into colour runs. */
function styledLog(raw: string): StyledLog {
  const { kept, cut } = keepLogEnd(raw);
  const decoder = new TerminalDecoder();
  const runs = new Map<number, StyledRun[]>();
  const lines: string[] = cut ? [cutLogNotice(cut)] : [];
  for (const piece of kept.replace(/\r\n/g, '\n').split('\n')) {
    const { text, runs: lineRuns } = decoder.line(piece);
    if (lineRuns.length) runs.set(lines.length, shiftRuns(lineRuns, 0));
    lines.push(text);
  }
  return { text: lines.join('\n'), styles: decoder.styles, runs, groups: [] };
}
