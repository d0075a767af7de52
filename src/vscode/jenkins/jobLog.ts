import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import { type StyledRun, TerminalDecoder, shiftRuns } from '../../core/terminalText';
import type { LogStyles } from '../logs/logStyles';
import type { JenkinsConnection } from './connection';

export const LOG_SCHEME = 'devops-jenkins-log';
const FOLLOW_MS = 2000;
/** Jenkins' console notes (hidden markup around hyperlinks), which a document would show as noise. */
const CONSOLE_NOTE = /\u001b\[8mha:[A-Za-z0-9+/=]*\u001b\[0m/g;

/** `devops-jenkins-log:/<job>-<number>.log?source=<source id>&job=<a/b/c>&number=<n>` */
export function buildLogUri(connection: JenkinsConnection, job: readonly string[], number: number): vscode.Uri {
  return vscode.Uri.from({
    scheme: LOG_SCHEME,
    path: `/${job.join('_').replace(/[^\w.-]+/g, '_')}-${number}.log`,
    query: new URLSearchParams({ source: connection.source.id, job: job.join('/'), number: String(number) }).toString(),
  });
}

/**
 * A Jenkins build's console log as a read-only document: the whole `consoleText` when the build is over;
 * while it runs, what `logText/progressiveText` has so far, followed every two seconds from the byte offset
 * Jenkins answered (`X-Text-Size`) for as long as it says more is coming (`X-More-Data`) and the document
 * is open. Colours (the AnsiColor plugin's) are drawn like every CI log's (core/terminalText, logs/logStyles).
 * Read with the instance's credential (its origin only); a failure is said in the document.
 */
export class JenkinsLogProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly followed = new Map<string, StyledText & { size: number; timer?: ReturnType<typeof setTimeout> }>();
  private readonly closing: vscode.Disposable;

  constructor(
    private readonly connectionOf: (sourceId: string) => JenkinsConnection | undefined,
    private readonly log: vscode.LogOutputChannel,
    private readonly styles: LogStyles,
  ) {
    this.closing = vscode.workspace.onDidCloseTextDocument((d) => this.stop(d.uri.toString()));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = new URLSearchParams(uri.query);
    const connection = this.connectionOf(query.get('source') ?? '');
    const job = (query.get('job') ?? '').split('/').filter(Boolean);
    const number = Number(query.get('number'));
    if (!connection || job.length === 0 || !Number.isSafeInteger(number))
      return 'This build belongs to a Jenkins instance that is not connected in this workspace.';
    const key = uri.toString();
    const followed = this.followed.get(key);
    if (followed) return followed.text;
    try {
      const first = await connection.source.logFrom(job, number, 0);
      const styled = appendStyled(newStyledText(), first.text);
      this.styles.set(uri, { text: styled.text, styles: styled.decoder.styles, runs: styled.runs, groups: [] });
      if (!first.more) return styled.text;
      const state: StyledText & { size: number; timer?: ReturnType<typeof setTimeout> } = Object.assign(styled, { size: first.size });
      this.followed.set(key, state);
      this.follow(key, uri, connection, job, number);
      return state.text;
    } catch (err) {
      this.log.warn(`Jenkins: log of ${job.join('/')} #${number}: ${errorMessage(err)}`);
      return `Could not read the log of ${job.join('/')} #${number}: ${errorMessage(err)}`;
    }
  }

  dispose(): void {
    for (const key of [...this.followed.keys()]) this.stop(key);
    this.closing.dispose();
    this.changed.dispose();
  }

  private follow(key: string, uri: vscode.Uri, connection: JenkinsConnection, job: string[], number: number): void {
    const state = this.followed.get(key);
    if (!state) return;
    state.timer = setTimeout(() => {
      void connection.source.logFrom(job, number, state.size).then(
        (next) => {
          if (!this.followed.has(key)) return;
          appendStyled(state, next.text);
          state.size = next.size;
          this.styles.set(uri, { text: state.text, styles: state.decoder.styles, runs: state.runs, groups: [] });
          this.changed.fire(uri);
          if (next.more) this.follow(key, uri, connection, job, number);
          else state.timer = undefined;
        },
        (err: unknown) => this.log.warn(`Jenkins: following the log of ${job.join('/')} #${number}: ${errorMessage(err)}`),
      );
    }, FOLLOW_MS);
  }

  private stop(key: string): void {
    const state = this.followed.get(key);
    if (state?.timer) clearTimeout(state.timer);
    this.followed.delete(key);
  }
}

/** A log as it grows: its shown text, and the colour runs of its lines. */
interface StyledText {
  text: string;
  runs: Map<number, StyledRun[]>;
  decoder: TerminalDecoder;
}

function newStyledText(): StyledText {
  return { text: '', runs: new Map(), decoder: new TerminalDecoder() };
}

/** Appends a chunk of raw log (it may end inside a line): notes removed, escapes decoded into runs. */
function appendStyled(log: StyledText, raw: string): StyledText {
  const pieces = raw.replace(CONSOLE_NOTE, '').replace(/\r\n/g, '\n').split('\n');
  let line = log.text.split('\n').length - 1;
  let column = log.text.length - (log.text.lastIndexOf('\n') + 1);
  pieces.forEach((piece, i) => {
    const { text, runs } = log.decoder.line(piece);
    if (runs.length > 0) log.runs.set(line, [...(log.runs.get(line) ?? []), ...shiftRuns(runs, column)]);
    log.text += i < pieces.length - 1 ? `${text}\n` : text;
    line++;
    column = 0;
  });
  return log;
}
