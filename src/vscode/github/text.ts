import { oneLine } from '../../core/format';

/** Notifications render `[text](link)`: remote text is shown on one line, without link syntax. */
export function plain(text: string, max = 500): string {
  return oneLine(text, max).replace(/[[\]]/g, '');
}
