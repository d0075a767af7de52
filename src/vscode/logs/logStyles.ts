import * as vscode from 'vscode';
import type { StyledLog, StyledRun, TerminalColor, TextStyle } from '../../core/terminalText';

/** Lines above and below the visible ones that get their colours too, so scrolling a little shows no plain text. */
const MARGIN_LINES = 200;

/**
 * Colours and groups of read-only job-log documents (every CI service's): a service's content provider hands the
 * styled log of a URI here (core/terminalText) and returns its text. Colours are decorations drawn with the theme's
 * terminal colours, set only on the visible lines (a 50 MB log has millions of runs); groups are folding ranges, and
 * the collapsed ones are folded when the log is shown.
 */
export class LogStyles implements vscode.FoldingRangeProvider, vscode.Disposable {
  private readonly logs = new Map<string, StyledLog>();
  /** One decoration type per distinct look, shared by all logs. */
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  /** The looks each editor shows now, to clear what scrolls out of view. */
  private readonly drawn = new WeakMap<vscode.TextEditor, Set<number>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.decorate(e))),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.decorate(e.textEditor)),
      vscode.workspace.onDidCloseTextDocument((d) => this.logs.delete(d.uri.toString())),
    );
  }

  /** Folds the groups of a service's log documents (its content provider's scheme). */
  addScheme(scheme: string): vscode.Disposable {
    return vscode.languages.registerFoldingRangeProvider({ scheme }, this);
  }

  /** Remembers the styled log a content provider is about to return for `uri`. */
  set(uri: vscode.Uri, log: StyledLog): void {
    this.logs.set(uri.toString(), log);
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === uri.toString()) this.decorate(editor);
  }

  /** Shows a log document, folds its collapsed groups and colours it. */
  async show(document: vscode.TextDocument): Promise<vscode.TextEditor> {
    const editor = await vscode.window.showTextDocument(document, { preview: true });
    const collapsed = (this.logs.get(document.uri.toString())?.groups ?? []).filter((g) => g.collapsed).map((g) => g.startLine);
    if (collapsed.length > 0) await vscode.commands.executeCommand('editor.fold', { selectionLines: collapsed, levels: 1 });
    this.decorate(editor);
    return editor;
  }

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    return (this.logs.get(document.uri.toString())?.groups ?? [])
      .filter((g) => g.endLine > g.startLine && g.endLine < document.lineCount)
      .map((g) => new vscode.FoldingRange(g.startLine, g.endLine, vscode.FoldingRangeKind.Region));
  }

  /** The colour runs drawn now on a line of a shown log (for tests). */
  runsAt(uri: vscode.Uri, line: number): Array<StyledRun & { look: TextStyle }> {
    const log = this.logs.get(uri.toString());
    return (log?.runs.get(line) ?? []).map((r) => ({ ...r, look: log!.styles[r.style] }));
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables, ...this.types.values()).dispose();
  }

  private decorate(editor: vscode.TextEditor): void {
    const log = this.logs.get(editor.document.uri.toString());
    if (!log) return;
    const ranges = new Map<number, vscode.Range[]>();
    const last = editor.document.lineCount - 1;
    for (const visible of editor.visibleRanges) {
      const from = Math.max(0, visible.start.line - MARGIN_LINES);
      const to = Math.min(last, visible.end.line + MARGIN_LINES);
      for (let line = from; line <= to; line++) {
        for (const run of log.runs.get(line) ?? []) {
          let list = ranges.get(run.style);
          if (!list) ranges.set(run.style, (list = []));
          list.push(new vscode.Range(line, run.start, line, run.end));
        }
      }
    }
    // Only the looks drawn now or last time on this editor are set (to [] where none is visible any more): a log may
    // use hundreds of looks, and this runs at every scroll.
    const previous = this.drawn.get(editor) ?? new Set<number>();
    for (const index of new Set([...previous, ...ranges.keys()])) {
      const type = this.typeFor(log.styles[index]);
      if (type) editor.setDecorations(type, ranges.get(index) ?? []);
    }
    this.drawn.set(editor, new Set(ranges.keys()));
  }

  private typeFor(style: TextStyle): vscode.TextEditorDecorationType | undefined {
    const key = JSON.stringify(style);
    let type = this.types.get(key);
    if (!type) {
      type = vscode.window.createTextEditorDecorationType({
        color: style.fg && colorOf(style.fg),
        backgroundColor: style.bg && colorOf(style.bg),
        fontWeight: style.bold ? 'bold' : undefined,
        fontStyle: style.italic ? 'italic' : undefined,
        opacity: style.dim ? '0.6' : undefined,
        textDecoration: [style.underline ? 'underline' : '', style.strike ? 'line-through' : ''].filter(Boolean).join(' ') || undefined,
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
      this.types.set(key, type);
    }
    return type;
  }
}

/** The 16 ANSI colours follow the theme (`terminal.ansiRed`…); palette and true colours are drawn as given. */
function colorOf(color: TerminalColor): string | vscode.ThemeColor {
  return color.startsWith('#') ? color : new vscode.ThemeColor(`terminal.ansi${color}`);
}
