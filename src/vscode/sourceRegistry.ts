import * as vscode from 'vscode';
import { ViewId } from '../core/phaseTree';
import { Source } from '../core/source';

/**
 * The sources the workspace currently has (git repositories, configured services). Views ask it
 * which sources feed them; the refresh command and pollers iterate it.
 */
export class SourceRegistry implements vscode.Disposable {
  private readonly sources = new Map<string, Source>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly removeEmitter = new vscode.EventEmitter<string[]>();
  /** Ids of sources that are gone (a repository closed, an instance removed from the settings). */
  readonly onDidRemove = this.removeEmitter.event;

  all(): Source[] {
    return [...this.sources.values()];
  }

  get(id: string): Source | undefined {
    return this.sources.get(id);
  }

  /** Adds or replaces sources by id and drops those of `owner` that are no longer given. */
  set(owner: string, sources: readonly Source[]): void {
    const removed: string[] = [];
    for (const id of [...this.sources.keys()]) {
      if (id.startsWith(owner) && !sources.some((s) => s.id === id)) {
        this.sources.delete(id);
        removed.push(id);
      }
    }
    for (const s of sources) this.sources.set(s.id, s);
    if (removed.length) this.removeEmitter.fire(removed);
    this.changeEmitter.fire();
  }

  /** Ids of the sources that feed a view; the Timeline is fed by all. */
  idsFor(view: ViewId): string[] {
    return this.all()
      .filter((s) => view === 'timeline' || s.phases.includes(view))
      .map((s) => s.id);
  }

  dispose(): void {
    this.changeEmitter.dispose();
    this.removeEmitter.dispose();
  }
}
