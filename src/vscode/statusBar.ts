import * as vscode from 'vscode';
import { plainLabel, plainLines } from '../core/plainText';

/** What the status-bar item says; computed elsewhere from the hub (build of HEAD, or where HEAD is live). */
export interface StatusSummary {
  /** Text with codicons, e.g. `$(pass) build` or `$(rocket) live in staging`. */
  text: string;
  /** Plain text tooltip lines (remote strings are not markdown-rendered). */
  tooltip: string;
  tone: 'normal' | 'warning' | 'error';
  /** Signal whose details a click opens. */
  signalId?: string;
}

/** The one status-bar item of the extension (build indicator for the current branch). */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private current: StatusSummary | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('devops.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'DevOps Feedback';
    this.show({ text: '$(pulse) DevOps', tooltip: 'DevOps Feedback Loop: no feedback for this branch yet', tone: 'normal' });
  }

  get summary(): StatusSummary | undefined {
    return this.current;
  }

  get text(): string {
    return this.item.text;
  }

  show(summary: StatusSummary): void {
    this.current = summary;
    // Environment and branch names come from servers and repositories: no icon or link syntax of theirs.
    this.item.text = plainLabel(summary.text, 120);
    this.item.tooltip = plainLines(summary.tooltip);
    this.item.backgroundColor =
      summary.tone === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : summary.tone === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.command = summary.signalId
      ? { command: 'devops.showDetails', title: 'Show Details', arguments: [summary.signalId] }
      : { command: 'workbench.view.extension.devops', title: 'Show DevOps' };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
