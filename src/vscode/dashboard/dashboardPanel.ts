/**
 * The dashboard's webview panel host: one panel, the same page bundle and strict CSP as the details
 * panel (core/details/html), messages checked against core/dashboard/protocol, and a page that may
 * only open the signals behind the numbers it was sent.
 */
import * as vscode from 'vscode';
import {
  DASHBOARD_VIEW_TYPE,
  isDashboardHostMessage,
  isDashboardPageMessage,
  isChoice,
  openableIds,
  type DashboardChoice,
  type DashboardHostMessage,
  type DashboardPageMessage,
} from '../../core/dashboard/protocol';
import { detailsHtml, makeNonce } from '../../core/details/html';
import { forPage } from '../../core/dashboard/forPage';
import type { DoraReport } from '../../core/dora/model';
import type { SignalHub } from '../../core/hub';
import type { GitWorkspace } from '../git/gitWorkspace';
import { dashboardReport, dashboardSettings } from './dashboardReport';

export interface DashboardDeps {
  extensionUri: vscode.Uri;
  hub: SignalHub;
  git: GitWorkspace;
  log: vscode.LogOutputChannel;
  showDetails(signalId: string): Promise<void>;
  exportMetrics(choice: DashboardChoice): Promise<void>;
}

/** Hub changes arrive in bursts (a poll upserts many signals): recompute once they settle. */
const UPDATE_DELAY_MS = 500;

export class Dashboard implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private choice: DashboardChoice;
  private report: DoraReport | undefined;
  private posted: DashboardHostMessage | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private computing: Promise<void> | undefined;

  constructor(private readonly deps: DashboardDeps) {
    this.choice = { days: dashboardSettings().days };
    this.subscriptions.push(
      deps.hub.onDidChange(() => this.scheduleUpdate()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('devops.dashboard') && this.scheduleUpdate()),
    );
  }

  /** The full report of the view shown (the export writes this one). */
  get lastReport(): DoraReport | undefined {
    return this.report;
  }

  /** The message last sent to the page, as it was sent (the integration test checks its numbers). */
  get lastMessage(): DashboardHostMessage | undefined {
    return this.posted;
  }

  /** Shows another window, environment or service, as the page's selectors do. */
  async show(choice: DashboardChoice): Promise<void> {
    this.choice = choice;
    await this.open();
    await this.update();
  }

  get currentChoice(): DashboardChoice {
    return this.choice;
  }

  async open(): Promise<void> {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'DevOps Dashboard', vscode.ViewColumn.Active, {
      retainContextWhenHidden: false,
      ...this.webviewOptions(),
    });
    await this.adopt(panel);
  }

  /** Takes a panel (new, or restored by VS Code after a reload with the choice the page saved). */
  async adopt(panel: vscode.WebviewPanel, choice?: DashboardChoice): Promise<void> {
    if (this.panel && this.panel !== panel) {
      panel.dispose(); // one dashboard
      this.panel.reveal();
      return;
    }
    if (choice) this.choice = choice;
    this.panel = panel;
    const { extensionUri } = this.deps;
    panel.webview.options = this.webviewOptions();
    panel.webview.html = detailsHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      nonce: makeNonce(),
      title: 'DevOps Dashboard',
    });
    panel.onDidDispose(() => (this.panel = undefined), undefined, this.subscriptions);
    panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m), undefined, this.subscriptions);
    await this.update();
  }

  private webviewOptions(): vscode.WebviewOptions {
    const { extensionUri } = this.deps;
    return {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  private onMessage(message: unknown): void {
    if (!isDashboardPageMessage(message)) {
      this.deps.log.warn('dashboard: dropped an invalid message from the page');
      return;
    }
    void this.handle(message).catch((err: unknown) => this.deps.log.error(`dashboard: ${message.type} failed: ${String(err)}`));
  }

  private async handle(message: DashboardPageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.report ? this.post() : this.update();
      case 'select':
        this.choice = message.choice;
        return this.update();
      case 'open':
        if (!this.report || !openableIds(this.report).has(message.signalId)) {
          this.deps.log.warn('dashboard: the page asked to open a signal that is behind none of its numbers; ignored');
          return;
        }
        return this.deps.showDetails(message.signalId);
      case 'export':
        return this.deps.exportMetrics(this.choice);
    }
  }

  private scheduleUpdate(): void {
    if (!this.panel) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), UPDATE_DELAY_MS);
  }

  /** Recomputes and posts; one computation at a time, the latest choice wins. */
  async update(): Promise<void> {
    while (this.computing) await this.computing;
    this.computing = (async () => {
      try {
        this.report = await dashboardReport(this.deps.hub, this.deps.git, this.choice);
        await this.post();
      } catch (err) {
        this.deps.log.error(`dashboard: ${String(err)}`);
      }
    })();
    await this.computing;
    this.computing = undefined;
  }

  private async post(): Promise<void> {
    if (!this.panel || !this.report) return;
    const message: DashboardHostMessage = { type: 'dashboard', report: forPage(this.report), choice: this.choice };
    if (!isDashboardHostMessage(message)) {
      this.deps.log.warn('dashboard: the report does not match the protocol; not shown');
      return;
    }
    this.posted = message;
    await this.panel.webview.postMessage(message);
  }

  /** Restores the dashboard after a window reload (needs `onWebviewPanel:devops.dashboard` in package.json). */
  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: (panel: vscode.WebviewPanel, state: unknown) => {
        const saved = (state as { dashboard?: unknown } | undefined)?.dashboard;
        return this.adopt(panel, isChoice(saved) ? saved : undefined);
      },
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}
