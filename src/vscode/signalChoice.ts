import type * as vscode from 'vscode';
import { oneLine } from '../core/format';
import type { SignalHub } from '../core/hub';
import type { Signal } from '../core/signal';
import { resolveSignal } from './commands';
import type { Prompter } from './prompter';

/** What a command can act on, and how to ask when the selection does not say. */
export interface SignalChoice {
  /** The command's argument: a tree row, a signal id from a details button or a link, or nothing from the palette. */
  arg: unknown;
  /** The signals the command can act on now. */
  candidates: readonly Signal[];
  title: string;
  placeHolder?: string;
  /** The pick's description of a candidate (default: its native state). */
  describe?(signal: Signal): string;
}

/**
 * The one way a command finds its signal: the argument it was given; else, from the palette, the one candidate the
 * user has selected (a tree row, or the line under the cursor); else a pick that lists the selected candidates first.
 * Undefined when nothing is left to choose or the user backed out.
 */
export async function chooseSignal(
  hub: SignalHub,
  selectedIds: () => Promise<readonly string[]>,
  prompter: Prompter,
  choice: SignalChoice,
): Promise<Signal | undefined> {
  const given = resolveSignal(hub, choice.arg);
  if (given) return given;
  const byId = new Map(choice.candidates.map((s) => [s.id, s]));
  const selected = (await selectedIds()).map((id) => byId.get(id)).filter((s): s is Signal => s !== undefined);
  if (selected.length === 1) return selected[0];
  if (byId.size === 0) return undefined;
  const first = new Set(selected.map((s) => s.id));
  const rest = [...byId.values()].filter((s) => !first.has(s.id)).sort((a, b) => b.updatedAt - a.updatedAt);
  const describe = choice.describe ?? ((s: Signal) => s.state.native);
  const items: Array<vscode.QuickPickItem & { signal: Signal }> = [...selected, ...rest].slice(0, 500).map((signal) => ({
    label: oneLine(signal.title, 120),
    description: `${first.has(signal.id) ? 'selected · ' : ''}${describe(signal)}`,
    signal,
  }));
  const picked = await prompter.pick(items, { title: choice.title, placeHolder: choice.placeHolder, matchOnDescription: true });
  return picked?.signal;
}
