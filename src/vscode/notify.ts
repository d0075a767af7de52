import * as vscode from 'vscode';
import { plainLabel, plainText } from '../core/plainText';

/**
 * The one way the extension shows a notification. VS Code renders `[label](command:...)` in
 * notification text as a link that runs the command, so every message is made plain text first
 * (core/plainText): a server's error or an alert's title can never become a clickable command.
 * Lint forbids `vscode.window.show*Message` anywhere else.
 */

export type NotificationLevel = 'info' | 'warning' | 'error';

export interface ShownNotification {
  level: NotificationLevel;
  message: string;
  actions: string[];
}

const MAX_MESSAGE = 1000;
const KEEP = 50;
const shown: ShownNotification[] = [];

export function notify(level: NotificationLevel, message: string, ...actions: string[]): Thenable<string | undefined> {
  const text = plainText(message, MAX_MESSAGE);
  const buttons = actions.map((a) => plainLabel(a, 60));
  shown.push({ level, message: text, actions: buttons });
  if (shown.length > KEEP) shown.shift();
  const show =
    level === 'error'
      ? vscode.window.showErrorMessage
      : level === 'warning'
        ? vscode.window.showWarningMessage
        : vscode.window.showInformationMessage;
  // Buttons come back as shown; map them to the caller's own words.
  return show(text, ...buttons).then((choice) => (choice === undefined ? undefined : actions[buttons.indexOf(choice)]));
}

/** The last notifications shown, exactly as VS Code received them (the integration tests read them). */
export function recentNotifications(): readonly ShownNotification[] {
  return shown;
}
