import * as vscode from 'vscode';
import type { TreeNode } from '../../core/phaseTree';

/**
 * What the user has selected, most recent first: the signal rows selected in the DevOps tree views, and the signals
 * on the editor's cursor line. Commands run from the palette act on it before asking (signalChoice.ts).
 */
export class SelectionTracker implements vscode.Disposable {
  private treeIds: string[] = [];
  private treeAt = 0;
  private editorAt = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    treeViews: Iterable<vscode.TreeView<TreeNode>>,
    /** The ids of the signals marked on a line of a document (incidents, alerts, errors, findings). */
    private readonly signalsOnLine: (document: vscode.TextDocument, line: number) => Promise<string[]>,
  ) {
    for (const view of treeViews) {
      this.disposables.push(
        view.onDidChangeSelection((e) => {
          this.treeIds = e.selection.flatMap(signalIdOf);
          this.treeAt = Date.now();
        }),
      );
    }
    this.disposables.push(
      vscode.window.onDidChangeTextEditorSelection(() => {
        this.editorAt = Date.now();
      }),
    );
  }

  /** The selected signal ids, the place selected last first (a tree row clicked after moving the cursor wins). */
  async selectedIds(): Promise<string[]> {
    const editor = vscode.window.activeTextEditor;
    const onCursor = editor ? await this.signalsOnLine(editor.document, editor.selection.active.line + 1).catch(() => []) : [];
    const ordered = this.editorAt > this.treeAt ? [...onCursor, ...this.treeIds] : [...this.treeIds, ...onCursor];
    return [...new Set(ordered)];
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function signalIdOf(node: TreeNode): string[] {
  if (node.type === 'signal') return [node.signal.id];
  if (node.type === 'group' && node.signalId) return [node.signalId];
  return [];
}
