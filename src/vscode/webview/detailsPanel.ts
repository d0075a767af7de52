/**
 * The one webview panel host that shows the details of any Signal.
 * One panel per signal id; every message from the page is validated and checked against what this
 * panel offered (its actions, its files) before anything runs.
 */
import * as vscode from 'vscode';
import { detailsHtml, makeNonce } from '../../core/details/html';
import {
  fileKey,
  isHostMessage,
  isHttpUrl,
  isPageMessage,
  isPageState,
  KIND_LABELS,
  offeredFiles,
  withSafeLinks,
  type DetailsItem,
  type HostMessage,
  type PageMessage,
} from '../../core/details/protocol';

export const DETAILS_VIEW_TYPE = 'devops.details';

export interface DetailsHandlers {
  /** Open a file the item points at; `path` is repository-relative as in `FileAnchor`. */
  openFile(path: string, line?: number, repo?: string): Thenable<void> | void;
  /** Run one of the actions the item offered. */
  runAction(actionId: string, signalId: string): Thenable<void> | void;
}

const MAX_TAB_TITLE = 60;

function panelTitle(item: DetailsItem): string {
  const title = item.signal.title.replace(/\s+/g, ' ').trim();
  const short = title.length > MAX_TAB_TITLE ? `${title.slice(0, MAX_TAB_TITLE - 1)}…` : title;
  return `${KIND_LABELS[item.signal.kind]}: ${short}`;
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** A short description of a rejected message for the log: never the whole (possibly huge) payload. */
function describe(message: unknown): string {
  if (typeof message !== 'object' || message === null) {
    return typeof message;
  }
  const type = (message as { type?: unknown }).type;
  return `type=${typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : typeof type} keys=${Object.keys(message).slice(0, 10).join(',')}`;
}

export class DetailsPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, DetailsPanel>();

  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  /** Fires once, when the user closes the panel or `dispose()` is called. */
  readonly onDidDispose = this.disposeEmitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private item: DetailsItem;
  private files = new Set<string>();
  private disposed = false;

  /** Reveals the panel already showing this signal, or opens one. */
  static show(extensionUri: vscode.Uri, item: DetailsItem, handlers: DetailsHandlers, log: vscode.LogOutputChannel): DetailsPanel {
    const existing = DetailsPanel.panels.get(item.signal.id);
    if (existing) {
      existing.update(item);
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(DETAILS_VIEW_TYPE, panelTitle(item), vscode.ViewColumn.Active, {
      ...webviewOptions(extensionUri),
      retainContextWhenHidden: false,
      enableFindWidget: true,
    });
    return new DetailsPanel(panel, extensionUri, item, handlers, log);
  }

  /** Adopts a panel VS Code restored after a reload (see `registerDetailsSerializer`). */
  static revive(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    item: DetailsItem,
    handlers: DetailsHandlers,
    log: vscode.LogOutputChannel,
  ): DetailsPanel {
    const existing = DetailsPanel.panels.get(item.signal.id);
    if (existing) {
      panel.dispose();
      existing.update(item);
      return existing;
    }
    return new DetailsPanel(panel, extensionUri, item, handlers, log);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    item: DetailsItem,
    private readonly handlers: DetailsHandlers,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.item = item;
    const webview = panel.webview;
    webview.options = webviewOptions(extensionUri);
    webview.html = detailsHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      nonce: makeNonce(),
      title: panelTitle(item),
    });
    this.subscriptions.push(
      webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      panel.onDidDispose(() => this.dispose()),
    );
    DetailsPanel.panels.set(item.signal.id, this);
    this.update(item);
  }

  get signalId(): string {
    return this.item.signal.id;
  }

  /** Shows a new version of the item (or another item) in this panel. */
  update(item: DetailsItem): void {
    if (this.disposed) {
      return;
    }
    if (item.signal.id !== this.item.signal.id) {
      DetailsPanel.panels.delete(this.item.signal.id);
      DetailsPanel.panels.set(item.signal.id, this);
    }
    this.item = withSafeLinks(item);
    this.files = offeredFiles(this.item);
    this.panel.title = panelTitle(this.item);
    this.postItem();
  }

  private postItem(): void {
    const message: HostMessage = { type: 'show', item: this.item };
    if (!isHostMessage(message)) {
      this.log.warn(
        `details: not showing ${JSON.stringify(String(this.item.signal.id).slice(0, 200))}: the item does not match the protocol`,
      );
      return;
    }
    // A hidden page is gone (retainContextWhenHidden is false); it asks again with `ready` when shown.
    void this.panel.webview.postMessage(message).then(undefined, (err: unknown) => this.log.debug(`details: post failed: ${String(err)}`));
  }

  private onMessage(message: unknown): void {
    if (!isPageMessage(message)) {
      this.log.warn(`details: dropped an invalid message from the page (${describe(message)})`);
      return;
    }
    this.handle(message);
  }

  private handle(message: PageMessage): void {
    switch (message.type) {
      case 'ready':
        this.postItem();
        return;
      case 'openExternal':
        // Checked again here: this is the line that actually opens something.
        if (isHttpUrl(message.url)) {
          this.run('openExternal', () => vscode.env.openExternal(vscode.Uri.parse(message.url, true)).then(() => undefined));
        }
        return;
      case 'openFile':
        if (!this.files.has(fileKey(message.path, message.repo))) {
          this.log.warn('details: the page asked to open a file this item does not name; ignored');
          return;
        }
        this.run('openFile', () => this.handlers.openFile(message.path, message.line, message.repo));
        return;
      case 'action': {
        const offered = message.signalId === this.item.signal.id && (this.item.actions ?? []).some((a) => a.id === message.actionId);
        if (!offered) {
          this.log.warn(
            `details: the page asked for an action this panel did not offer (${JSON.stringify(message.actionId.slice(0, 100))}); ignored`,
          );
          return;
        }
        this.run(`action ${message.actionId}`, () => this.handlers.runAction(message.actionId, message.signalId));
        return;
      }
    }
  }

  /** Runs a handler; its failure is logged, never thrown into the message loop. */
  private run(what: string, task: () => Thenable<void> | void): void {
    try {
      Promise.resolve(task()).catch((err: unknown) => this.log.error(`details: ${what} failed: ${String(err)}`));
    } catch (err) {
      this.log.error(`details: ${what} failed: ${String(err)}`);
    }
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    if (DetailsPanel.panels.get(this.item.signal.id) === this) {
      DetailsPanel.panels.delete(this.item.signal.id);
    }
    this.panel.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
    for (const s of this.subscriptions.splice(0)) {
      s.dispose();
    }
  }
}

/**
 * Restores details panels after a window reload: the page saved `{ signalId }` with `setState`;
 * `restore` finds the item again (from the hub's snapshot). A panel whose signal is gone is closed.
 * Needs `onWebviewPanel:devops.details` in package.json `activationEvents`.
 */
export function registerDetailsSerializer(
  extensionUri: vscode.Uri,
  restore: (signalId: string) => Thenable<DetailsItem | undefined> | DetailsItem | undefined,
  handlers: DetailsHandlers,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(DETAILS_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
      const item = isPageState(state) ? await restore(state.signalId) : undefined;
      if (!item) {
        log.info('details: a restored panel shows a signal that is no longer known; closing it');
        panel.dispose();
        return;
      }
      DetailsPanel.revive(panel, extensionUri, item, handlers, log);
    },
  });
}
