import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { branchNameFromTemplate, checkBranchName, slugify, workTypeFromLabels } from '../../../src/core/branchName';

/** The real git's verdict, run outside any repository (so `@{-1}` cannot expand to a real branch). */
function gitAccepts(name: string, cwd: string): boolean {
  const result = spawnSync('git', ['check-ref-format', '--branch', name], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CEILING_DIRECTORIES: tmpdir(), GIT_CONFIG_NOSYSTEM: '1' },
  });
  return result.status === 0;
}

/** A small deterministic PRNG, so the generated names are the same on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const HOSTILE = [
  'main',
  'feature/x',
  '12-fix-login',
  'HEAD',
  'heads/HEAD',
  '-rf',
  '--help',
  '@',
  '@{-1}',
  'a@{b',
  'a@b',
  '.hidden',
  'a/.b',
  'a..b',
  'a.',
  'a/',
  '/a',
  'a//b',
  'a.lock',
  'a.lock/b',
  'x.lock.y',
  'a b',
  'a\tb',
  'a~1',
  'a^',
  'a:b',
  'a?',
  'a*',
  'a[b',
  'a\\b',
  'a\x7fb',
  'a\x01b',
  'é-ünïcode',
  '日本語',
  '🚀-emoji',
  '$(rm -rf ~)',
  '`id`',
  'a;b',
  'a|b',
  'a&b',
  "a'b",
  'a"b',
  '<script>',
  'refs/heads/x',
  'a/b/c',
  '.',
  '..',
  '/',
  'a/./b',
  'a/../b',
  'x/.lock',
  'x/y.lock',
  'a.lock.',
  '--',
  '-',
  'a-',
  'a_b',
  'a+b',
  'a,b',
  'a=b',
  'a%b',
  'a#b',
  'a!b',
  '{number}',
  'a{b}',
  'a@',
  '@a',
  'a/@',
  'a/@/b',
  '@@',
  '@{',
  '.a/b',
];

describe('github/branchName', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gh-branch-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('agrees with `git check-ref-format --branch` on hostile names', () => {
    for (const name of HOSTILE) {
      assert.equal(checkBranchName(name) === undefined, gitAccepts(name, dir), `${JSON.stringify(name)}: ${checkBranchName(name)}`);
    }
  });

  it('agrees with git on 300 generated names made of the characters git cares about', () => {
    const alphabet = ['a', 'b', '1', '.', '/', '-', '@', '{', '}', '~', '^', ':', '?', '*', '[', '\\', ' ', 'lock', '.lock', 'é', '\x1f'];
    const random = prng(42);
    for (let i = 0; i < 300; i++) {
      const length = 1 + Math.floor(random() * 8);
      let name = '';
      for (let j = 0; j < length; j++) name += alphabet[Math.floor(random() * alphabet.length)];
      assert.equal(checkBranchName(name) === undefined, gitAccepts(name, dir), `${JSON.stringify(name)}: ${checkBranchName(name)}`);
    }
  });

  it('slugifies titles: lower case ASCII, accents folded, bounded at a word boundary', () => {
    assert.equal(slugify('Fix: Login fails for Ünïcode users!'), 'fix-login-fails-for-unicode-users');
    assert.equal(slugify('<script>alert(1)</script>'), 'script-alert-1-script');
    assert.equal(slugify('../../etc/passwd'), 'etc-passwd');
    assert.equal(slugify('日本語 🚀'), '');
    const long = slugify('word '.repeat(100));
    assert.ok(long.length <= 50 && !long.endsWith('-'), long);
  });

  it('fills templates and always yields a name git accepts', () => {
    const item = { number: 42, title: 'Crash on start: `rm -rf` ~/.config..lock', type: 'fix', user: 'octo-cat' };
    for (const [template, expected] of [
      ['{number}-{slug}', '42-crash-on-start-rm-rf-config-lock'],
      ['{user}/{type}/{number}-{slug}', 'octo-cat/fix/42-crash-on-start-rm-rf-config-lock'],
      ['{type}/{number}', 'fix/42'],
    ] as const) {
      const result = branchNameFromTemplate(template, item);
      assert.deepEqual(result, { ok: true, name: expected });
      assert.ok(gitAccepts(expected, dir));
    }
    assert.deepEqual(branchNameFromTemplate('{number}-{slug}', { number: 7, title: '🚀🚀' }), { ok: true, name: '7-work' });
  });

  it('refuses templates that cannot give a valid name, saying why', () => {
    const unknown = branchNameFromTemplate('{number}-{branch}', { number: 1, title: 'x' });
    assert.equal(unknown.ok, false);
    assert.match((unknown as { reason: string }).reason, /\{branch\}/);
    const bad = branchNameFromTemplate('wip..{number}', { number: 1, title: 'x' });
    assert.deepEqual(bad, { ok: false, reason: 'A branch name cannot contain "..".' });
    assert.equal(branchNameFromTemplate('{slug}.lock', { number: 1, title: 'x' }).ok, false);
  });

  it('derives the work type from labels', () => {
    assert.equal(workTypeFromLabels(['bug', 'p1']), 'fix');
    assert.equal(workTypeFromLabels(['enhancement']), 'feature');
  });
});
