import * as vscode from 'vscode';

/**
 * The questions a command asks. Commands take it instead of calling `vscode.window` directly so the
 * integration tests can answer them, while choosing only among the items the command really offers.
 */
export interface Prompter {
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T[] | undefined>;
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
}

export const windowPrompter: Prompter = {
  pick: (items, options) => vscode.window.showQuickPick(items, options),
  pickMany: (items, options) => vscode.window.showQuickPick(items, { ...options, canPickMany: true }),
  input: (options) => vscode.window.showInputBox(options),
};
