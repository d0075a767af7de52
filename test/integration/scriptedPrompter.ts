import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { Prompter } from '../../src/vscode/prompter';

/** One expected question and how to answer it. */
export type Answer =
  | { pick: string | RegExp } // choose the offered item whose label matches
  | { pickMany: (string | RegExp)[] }
  | { input: string } // type this; the command's own validation must accept it
  | { refuse: string } // type this; the command's validation must refuse it; then cancel
  | { cancel: true }
  | { confirm: boolean | RegExp }; // a modal confirmation: true/false, or accept when the message matches

/**
 * Answers a command's questions in order, choosing only among the items the command really offers
 * and running the input boxes' own validation, so a test fails when the command asks something else.
 */
export class ScriptedPrompter implements Prompter {
  readonly asked: string[] = [];

  constructor(private readonly answers: Answer[]) {}

  get done(): boolean {
    return this.answers.length === 0;
  }

  async pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    const answer = this.next(`pick: ${options.title}`);
    if ('cancel' in answer) return undefined;
    assert.ok('pick' in answer, `expected ${JSON.stringify(answer)} but the command asked to pick "${options.title}"`);
    return find(items, answer.pick, options.title);
  }

  async pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T[] | undefined> {
    const answer = this.next(`pickMany: ${options.title}`);
    if ('cancel' in answer) return undefined;
    assert.ok('pickMany' in answer, `expected ${JSON.stringify(answer)} but the command asked to pick many "${options.title}"`);
    return answer.pickMany.map((p) => find(items, p, options.title));
  }

  async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    const answer = this.next(`input: ${options.title}`);
    if ('cancel' in answer) return undefined;
    if ('refuse' in answer) {
      const refusal = await options.validateInput?.(answer.refuse);
      assert.ok(refusal, `"${answer.refuse}" was accepted by "${options.title}"`);
      return undefined;
    }
    assert.ok('input' in answer, `expected ${JSON.stringify(answer)} but the command asked for input "${options.title}"`);
    const error = await options.validateInput?.(answer.input);
    assert.ok(!error, `"${answer.input}" was refused by "${options.title}": ${typeof error === 'string' ? error : error?.message}`);
    return answer.input;
  }

  async confirm(message: string, action: string): Promise<boolean> {
    const answer = this.next(`confirm: ${message}`);
    if ('cancel' in answer) return false;
    assert.ok('confirm' in answer, `expected ${JSON.stringify(answer)} but the command asked to confirm "${message}" (${action})`);
    if (answer.confirm instanceof RegExp) {
      assert.match(message, answer.confirm);
      return true;
    }
    return answer.confirm;
  }

  private next(question: string): Answer {
    this.asked.push(question);
    const answer = this.answers.shift();
    assert.ok(answer, `unexpected question ${question}`);
    return answer;
  }
}

function find<T extends vscode.QuickPickItem>(items: readonly T[], wanted: string | RegExp, title: string | undefined): T {
  const item = items.find((i) => (typeof wanted === 'string' ? i.label === wanted : wanted.test(i.label)));
  assert.ok(item, `"${title}" offers no ${wanted}: ${items.map((i) => i.label).join(', ')}`);
  return item;
}
