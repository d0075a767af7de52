import * as vscode from 'vscode';
import { SignalHub, SourceHealth } from '../../core/hub';
import { TreeNode, ViewId, ViewLayout, buildView } from '../../core/phaseTree';
import { coalesce } from '../../core/coalesce';
import { Signal, phaseOf } from '../../core/signal';
import { toTreeItem } from './treeItems';

export interface PhaseTreeOptions {
  /** Which sources feed this view (for health rows and the `configured` context key). */
  sourcesOf: (view: ViewId) => readonly string[];
  timelineLimit?: () => number;
}

/**
 * One phase view over the hub. The tree is rebuilt from the hub at most once per tick and only
 * when a change touched this phase; the grouping itself is pure (core/phaseTree).
 */
export class PhaseTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private roots: TreeNode[] | undefined;
  private parents: WeakMap<TreeNode, TreeNode> | undefined;
  private filter: string[] = [];
  private contextKey = '';
  private readonly layouts: ViewLayout[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly view: ViewId,
    private readonly hub: SignalHub,
    private readonly options: PhaseTreeOptions,
  ) {
    this.disposables.push(
      this.changeEmitter,
      hub.onDidChange((change) => {
        if (this.touches(change.added) || this.touches(change.updated) || this.touches(change.removed)) {
          this.invalidate();
        }
      }),
      hub.onDidChangeHealth((h) => {
        if (this.options.sourcesOf(view).includes(h.source)) this.invalidate();
      }),
    );
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      return this.rootNodes();
    }
    return node.type === 'health' ? [] : node.children;
  }

  /** The parent of a node of the current tree (what `TreeView.reveal` needs); computed once per tree. */
  getParent(node: TreeNode): TreeNode | undefined {
    if (!this.parents) {
      const parents = new WeakMap<TreeNode, TreeNode>();
      const walk = (parent: TreeNode) => {
        if (parent.type === 'health') return;
        for (const child of parent.children) {
          parents.set(child, parent);
          walk(child);
        }
      };
      this.rootNodes().forEach(walk);
      this.parents = parents;
    }
    return this.parents.get(node);
  }

  /** The root nodes as the view shows them; built on demand and cached until the hub changes. */
  rootNodes(): TreeNode[] {
    if (!this.roots) {
      this.roots = buildView(
        this.view,
        {
          signals: this.signals(),
          health: this.health(),
          filter: this.filter,
          limit: this.options.timelineLimit?.(),
        },
        this.layouts,
      );
      this.updateContext();
    }
    return this.roots;
  }

  /** Lets a source family group the signals it claims its own way (see core/phaseTree `ViewLayout`). */
  addLayout(layout: ViewLayout): vscode.Disposable {
    this.layouts.push(layout);
    this.invalidate();
    return new vscode.Disposable(() => {
      this.layouts.splice(this.layouts.indexOf(layout), 1);
      this.invalidate();
    });
  }

  /** Timeline only: Tat-style filter, every tag or label must match. */
  setFilter(filter: string[]): void {
    this.filter = filter;
    void vscode.commands.executeCommand('setContext', `devops.${this.view}.filtered`, filter.length > 0);
    this.invalidate();
  }

  getFilter(): readonly string[] {
    return this.filter;
  }

  /** Re-reads which sources feed the view, e.g. after a repository was opened. */
  invalidate(): void {
    this.roots = undefined;
    this.parents = undefined;
    this.redraw();
  }

  private readonly redraw = coalesce(() => {
    this.changeEmitter.fire(undefined);
    // Keep the welcome-content context keys right even while the view is hidden.
    this.rootNodes();
  });

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private signals(): Signal[] {
    // Findings (core/finding) live next to the code and in Problems; thousands of annotations would bury the Timeline.
    return this.view === 'timeline' ? this.hub.all().filter((s) => s.kind !== 'finding') : this.hub.query({ phase: this.view });
  }

  private health(): SourceHealth[] {
    return this.options
      .sourcesOf(this.view)
      .map((id) => this.hub.getHealth(id))
      .filter((h): h is SourceHealth => h !== undefined);
  }

  private touches(signals: readonly Signal[]): boolean {
    return this.view === 'timeline' ? signals.some((s) => s.kind !== 'finding') : signals.some((s) => phaseOf(s.kind) === this.view);
  }

  private updateContext(): void {
    const hasItems = (this.roots ?? []).some((n) => n.type !== 'health');
    const configured = this.options.sourcesOf(this.view).length > 0 || hasItems;
    const key = `${hasItems}/${configured}`;
    if (key !== this.contextKey) {
      this.contextKey = key;
      void vscode.commands.executeCommand('setContext', `devops.${this.view}.hasItems`, hasItems);
      void vscode.commands.executeCommand('setContext', `devops.${this.view}.configured`, configured);
    }
  }
}
