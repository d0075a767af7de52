import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { diffLines } from '../../../src/core/lineDiff';
import type { DiffHunk } from '../../../src/core/lineMap';

/** `b` rebuilt from `a` and the hunks: they must say exactly what changed, at the lines they name. */
function apply(a: readonly string[], b: readonly string[], hunks: readonly DiffHunk[]): string[] {
  const out: string[] = [];
  let next = 0;
  for (const h of hunks) {
    const firstOld = h.oldCount === 0 ? h.oldStart : h.oldStart - 1;
    while (next < firstOld) out.push(a[next++]);
    next += h.oldCount;
    assert.equal(out.length, h.newCount === 0 ? h.newStart : h.newStart - 1, `newStart of ${JSON.stringify(h)}`);
    out.push(...b.slice(out.length, out.length + h.newCount));
  }
  while (next < a.length) out.push(a[next++]);
  return out;
}

/** Lines added and removed by git's own minimal diff of the two texts. */
function gitChanges(dir: string, a: readonly string[], b: readonly string[]): number {
  writeFileSync(path.join(dir, 'a'), a.map((l) => `${l}\n`).join(''));
  writeFileSync(path.join(dir, 'b'), b.map((l) => `${l}\n`).join(''));
  const diff = spawnSync('git', ['diff', '--no-index', '--no-color', '-U0', '--minimal', 'a', 'b'], { cwd: dir, encoding: 'utf8' });
  assert.ok(diff.status === 0 || diff.status === 1, diff.stderr);
  let changes = 0;
  for (const m of diff.stdout.matchAll(/^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/gm))
    changes += (m[1] === undefined ? 1 : Number(m[1])) + (m[2] === undefined ? 1 : Number(m[2]));
  return changes;
}

describe('diffLines', () => {
  it('numbers hunks as git diff -U0 does', () => {
    const a = ['1', '2', '3', '4', '5'];
    assert.deepEqual(diffLines(a, a, 10), []);
    assert.deepEqual(diffLines(a, ['1', '2', 'new', '3', '4', '5'], 10), [{ oldStart: 2, oldCount: 0, newStart: 3, newCount: 1 }]);
    assert.deepEqual(diffLines(a, ['1', '3', '4', '5'], 10), [{ oldStart: 2, oldCount: 1, newStart: 1, newCount: 0 }]);
    assert.deepEqual(diffLines(a, ['0', '1', '2', '3', '4', 'five'], 10), [
      { oldStart: 0, oldCount: 0, newStart: 1, newCount: 1 },
      { oldStart: 5, oldCount: 1, newStart: 6, newCount: 1 },
    ]);
    assert.deepEqual(diffLines([], ['x'], 10), [{ oldStart: 0, oldCount: 0, newStart: 1, newCount: 1 }]);
    assert.deepEqual(diffLines(['x'], [], 10), [{ oldStart: 1, oldCount: 1, newStart: 0, newCount: 0 }]);
  });

  it('finds as few changed lines as git --minimal, in hunks that rebuild the new text', function () {
    this.timeout(60_000);
    const dir = mkdtempSync(path.join(tmpdir(), 'dfl-linediff-'));
    try {
      let seed = 11;
      const random = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n);
      for (let round = 0; round < 200; round++) {
        // Few distinct lines, so equal lines are everywhere (the ambiguous cases).
        const a = Array.from({ length: random(40) }, () => `line ${random(5)}`);
        const b = [...a];
        for (let e = random(7); e > 0; e--) {
          const at = random(b.length + 1);
          const what = random(3);
          if (what === 0) b.splice(at, 0, `typed ${random(5)}`);
          else if (what === 1) b.splice(at, 1);
          else b[at] = `line ${random(5)}`;
        }
        const hunks = diffLines(a, b, 1000)!;
        const context = JSON.stringify({ a, b, hunks });
        assert.deepEqual(apply(a, b, hunks), b, context);
        const changes = hunks.reduce((sum, h) => sum + h.oldCount + h.newCount, 0);
        assert.equal(changes, gitChanges(dir, a, b), context);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives up past maxChanges, however the lines differ', () => {
    const a = Array.from({ length: 100 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 100 }, (_, i) => `b${i}`);
    assert.equal(diffLines(a, b, 199), undefined);
    assert.equal(diffLines(a, b, 200)?.length, 1);
    assert.equal(diffLines(a, [], 99), undefined, 'all removed');
    assert.deepEqual(diffLines(a, [], 100), [{ oldStart: 1, oldCount: 100, newStart: 0, newCount: 0 }]);
  });
});
