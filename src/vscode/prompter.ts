import * as vscode from 'vscode';
import { plainLabel, plainText } from '../core/plainText';

/**
 * The questions a command asks. Commands take it instead of calling `vscode.window` directly so the
 * integration tests can answer them, while choosing only among the items the command really offers.
 */
export interface Prompter {
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T[] | undefined>;
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  /** Where to write a file (optional: a prompter without it falls back to VS Code's save dialog). */
  saveFile?(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
  /**
   * A modal yes/no before an action that changes a server (optional: without it, `confirmModal` asks
   * with VS Code's modal dialog). True when the user chose `action`.
   */
  confirm?(message: string, action: string): Thenable<boolean>;
}

/** Asks for confirmation through the prompter, else VS Code's modal warning; `message` is plain text. */
export async function confirmModal(prompter: Prompter, message: string, action: string): Promise<boolean> {
  const safe = plainText(message, 400);
  if (prompter.confirm) return prompter.confirm(safe, action);
  return (await vscode.window.showWarningMessage(safe, { modal: true }, action)) === action;
}

/**
 * VS Code's own quick picks and input boxes. Item texts are often remote (titles, branch and tag
 * names): they are shown plain, with no icon syntax but one leading icon of ours (core/plainText).
 */
export const windowPrompter: Prompter = {
  pick: async (items, options) => {
    const shown = items.map(plainItem);
    const picked = await vscode.window.showQuickPick(shown, options);
    return picked && items[shown.indexOf(picked)];
  },
  pickMany: async (items, options) => {
    const shown = items.map(plainItem);
    const picked = await vscode.window.showQuickPick(shown, { ...options, canPickMany: true });
    return picked && picked.map((p) => items[shown.indexOf(p)]);
  },
  input: (options) => vscode.window.showInputBox(options),
  saveFile: (options) => vscode.window.showSaveDialog(options),
};

function plainItem<T extends vscode.QuickPickItem>(item: T): T {
  return {
    ...item,
    label: plainLabel(item.label),
    ...(item.description !== undefined ? { description: plainText(item.description, 200) } : {}),
    ...(item.detail !== undefined ? { detail: plainText(item.detail, 300) } : {}),
  };
}
