import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfigListing } from '../../../../src/sources/git/configListing';
import { programOverrides } from '../../../../src/sources/git/programKeys';
import { dirtyWorkingTree, runEveryCommandPath } from './commandPaths';
import { HOSTILE_KEYS } from './hostileKeys';
import { HostileRepo } from './hostileRepo';

/**
 * One test per git config key that runs a program (programKeys.ts): a real repository whose config
 * sets the key to a marker program; plain git is shown to run it first (the trap is armed), then
 * every command path of the extension runs in that repository and the marker must stay absent.
 * Keys this git version does not know yet cannot be proven with it; for those the test checks that
 * the override git would need is emitted.
 */

const version = (() => {
  const m = /(\d+)\.(\d+)/.exec(spawnSync('git', ['version'], { encoding: 'utf8' }).stdout);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
})();
const knows = (since?: [number, number]) => !since || version[0] > since[0] || (version[0] === since[0] && version[1] >= since[1]);

describe('git: every config key that runs a program is neutralised on every command path', function () {
  this.timeout(60_000);

  for (const c of HOSTILE_KEYS) {
    const provable = knows(c.since);
    it(
      provable ? `${c.key}: plain git runs it; we never do` : `${c.key}: git ${version.join('.')} predates it; the override is emitted`,
      async () => {
        const h = await HostileRepo.create();
        try {
          const marker = path.basename(h.program(`trap-${c.key.replace(/[^A-Za-z0-9]+/g, '-')}`));
          const program = path.join(h.root, 'programs', marker);
          await c.arm(h, program);
          // Plain git springs the trap in a copy, so our paths then meet the repository as it was armed.
          const snapshot = path.join(h.root, 'armed-copy');
          fs.cpSync(h.repo.dir, snapshot, { recursive: true });
          dirtyWorkingTree(h.repo.dir);

          if (provable) {
            await h.plain(c.prove, { tty: c.tty, cwd: snapshot });
            if (c.then) await h.plain(c.then, { cwd: snapshot });
            assert.deepEqual(h.fired(), [marker], `the trap is armed: plain git ${c.prove.join(' ')} runs it`);
            h.clearMarkers();
          } else {
            const listing = spawnSync('git', ['config', '--list', '--show-scope', '--show-origin', '-z'], {
              cwd: h.repo.dir,
              encoding: 'utf8',
              env: { ...process.env, GIT_CONFIG_GLOBAL: h.globalConfig },
            }).stdout;
            const overrides = programOverrides(parseConfigListing(listing), 'isolated');
            assert.ok(
              c.override && overrides.some(([k, v]) => k === c.override?.[0] && v === c.override?.[1]),
              `emits ${c.override?.join('=')}`,
            );
          }

          const failures = await runEveryCommandPath(h.open(), { remotes: c.remotes });
          // The same paths again once the working tree changed under them (a branch switch, an included file appearing).
          await runEveryCommandPath(h.open(), { remotes: c.remotes });
          assert.deepEqual(h.fired(), [], `no trap was sprung by our commands (failed paths: ${failures.join(' | ') || 'none'})`);
          // The paths ran for real: reads, blame and the journal work on this repository despite its config.
          assert.ok(!failures.some((f) => /^(reads|blame|journal|release notes):/.test(f)), failures.join(' | '));
        } finally {
          await h.dispose();
        }
      },
    );
  }
});
