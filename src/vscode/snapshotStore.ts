import * as vscode from 'vscode';
import { SignalHub } from '../core/hub';

const FILE = 'hub-snapshot.json';
const SAVE_DELAY_MS = 2000;

/**
 * Keeps the hub's snapshot in the extension's workspace storage, so the views fill at once on
 * the next start and stay usable offline. Saves are debounced.
 */
export class SnapshotStore implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly folder: vscode.Uri,
    private readonly hub: SignalHub,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = hub.onDidChange(() => this.scheduleSave());
  }

  private get file(): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, FILE);
  }

  /** Loads the last snapshot if there is one; a damaged file is logged and ignored. */
  async load(): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(this.file);
    } catch {
      return; // first start
    }
    try {
      const { loaded, skipped } = this.hub.loadSnapshot(JSON.parse(new TextDecoder().decode(bytes)));
      this.log.info(`Loaded ${loaded} signals from the last session${skipped ? ` (${skipped} malformed skipped)` : ''}`);
    } catch (err) {
      this.log.warn(`Ignoring the saved snapshot: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async save(): Promise<void> {
    this.cancelTimer();
    try {
      await vscode.workspace.fs.createDirectory(this.folder);
      await vscode.workspace.fs.writeFile(this.file, new TextEncoder().encode(JSON.stringify(this.hub.toSnapshot())));
    } catch (err) {
      this.log.warn(`Could not save the snapshot: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    this.cancelTimer();
    this.subscription.dispose();
  }

  private scheduleSave(): void {
    this.cancelTimer();
    this.timer = setTimeout(() => void this.save(), SAVE_DELAY_MS);
  }

  private cancelTimer(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
