/** The Node-side benches, in one process (run with --expose-gc so heap numbers are after a full GC). */
import { blameBench, editorBench } from './editor.bench';
import { hubBench } from './hub.bench';
import { printRows } from './measure';

async function main(): Promise<void> {
  const rows = [...hubBench(), ...editorBench(), ...(await blameBench())];
  for (const extra of ['./github.bench', './monitor.bench']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(extra) as Record<string, () => unknown>;
      for (const fn of Object.values(mod)) {
        if (typeof fn === 'function' && fn.name.endsWith('Bench')) rows.push(...(await (fn() as Promise<typeof rows> | typeof rows)));
      }
    } catch (err) {
      rows.push({ name: `${extra} failed`, value: (err as Error).message.slice(0, 80) });
    }
  }
  printRows(rows);
}

void main();
