import * as vscode from 'vscode';
import { errorMessage } from '../core/errorMessage';
import { isSourceError } from '../core/sourceError';
import { notify } from './notify';

/** Thrown (or rejected with) when the user backed out of a command: nothing is shown. */
export class CommandCancelled extends Error {
  override readonly name = 'CommandCancelled';
  constructor() {
    super('cancelled');
  }
}

/**
 * The one command wrapper: every contributed command is registered through it. A failure is
 * logged with the command id and shown once as an error with the service's hint and a "Show Log"
 * button; a cancellation (the user closed a prompt, a request was aborted) is silent.
 */
export function registerGuardedCommand(id: string, run: (...args: unknown[]) => unknown, log: vscode.LogOutputChannel): vscode.Disposable {
  // eslint-disable-next-line no-restricted-syntax -- this is the wrapper every other registration goes through
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await run(...args);
    } catch (err) {
      if (isCancellation(err)) {
        log.debug(`${id}: cancelled`);
        return undefined;
      }
      const message = errorMessage(err);
      log.error(`${id}: ${message}`);
      const hint = isSourceError(err) ? err.hint : undefined;
      void notify('error', `DevOps: ${message}${hint ? ` ${hint}` : ''}`, 'Show Log').then((choice) => choice && log.show());
      return undefined;
    }
  });
}

function isCancellation(err: unknown): boolean {
  if (err instanceof CommandCancelled) return true;
  if (isSourceError(err)) return err.kind === 'cancelled';
  return (
    err instanceof Error &&
    (err.name === 'AbortError' ||
      err.name === 'CanceledError' ||
      (err as { kind?: string }).kind === 'cancelled' ||
      (err as { kind?: string }).kind === 'aborted')
  );
}
