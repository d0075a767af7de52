import assert from 'node:assert/strict';
import { BlameHunk, BlameStreamParser, blameFile } from '../../../../src/sources/git/blame';
import { TestRepo, removeDir } from './fixtures';

describe('git/blame (real repositories)', () => {
  let t: TestRepo;
  let first: string;
  let second: string;

  before(() => {
    t = TestRepo.init('blame');
    first = t.commit('feat: lines one to three', { 'src/app.ts': 'one\ntwo\nthree\n' });
    second = t.commit('fix: change line two\n\nwith a body', { 'src/app.ts': 'one\nTWO\nthree\nfour\n' });
  });
  after(() => removeDir(t.dir));

  it('blames committed lines into hunks with commit, author, time and summary', async () => {
    const hunks = await blameFile(t.open(), 'src/app.ts');
    assert.deepEqual(
      hunks.map((h) => [h.startLine, h.lineCount, h.commit, h.committed]),
      [
        [1, 1, first, true],
        [2, 1, second, true],
        [3, 1, first, true],
        [4, 1, second, true],
      ],
    );
    assert.equal(hunks[1].summary, 'fix: change line two');
    assert.equal(hunks[1].author, 'Ada Tester');
    assert.equal(hunks[1].authorMail, 'ada@example.com');
    assert.equal(hunks[1].filename, 'src/app.ts');
    assert.equal(hunks[2].origStartLine, 3);
    assert.ok(hunks[1].authorTime > hunks[0].authorTime);
    assert.equal(hunks[0].summary, 'feat: lines one to three');
  });

  it('marks working-tree edits as not committed', async () => {
    t.write('src/app.ts', 'one\nTWO\nedited\nfour\n');
    try {
      const hunks = await blameFile(t.open(), 'src/app.ts');
      const third = hunks.find((h) => h.startLine === 3);
      assert.ok(third);
      assert.equal(third.committed, false);
      assert.match(third.commit, /^0{40}$/);
      assert.equal(hunks.find((h) => h.startLine === 1)?.commit, first);
    } finally {
      t.write('src/app.ts', t.git(['show', 'HEAD:src/app.ts']));
    }
  });

  it('blames unsaved buffer contents given on stdin, so lines match the editor', async () => {
    const buffer = 'inserted at top\none\nTWO\nthree\nfour\n';
    const hunks = await blameFile(t.open(), 'src/app.ts', { contents: buffer });
    assert.deepEqual(
      hunks.map((h) => [h.startLine, h.committed]),
      [
        [1, false],
        [2, true],
        [3, true],
        [4, true],
        [5, true],
      ],
    );
    assert.equal(hunks[1].commit, first);
    assert.equal(hunks[1].origStartLine, 1);
    assert.equal(hunks[2].commit, second);
    assert.equal(t.read('src/app.ts'), 'one\nTWO\nthree\nfour\n', 'the file on disk is untouched');
  });

  it('blames a past revision', async () => {
    const hunks = await blameFile(t.open(), 'src/app.ts', { rev: first });
    assert.deepEqual(
      hunks.map((h) => [h.startLine, h.lineCount, h.commit]),
      [[1, 3, first]],
    );
  });

  it('returns no hunks for an untracked file', async () => {
    t.write('untracked.txt', 'x\n');
    assert.deepEqual(await blameFile(t.open(), 'untracked.txt'), []);
  });

  it('is not fooled by file contents that look like porcelain headers', async () => {
    const h = TestRepo.init('blame-hostile');
    try {
      const sha = h.commit('add hostile file', {
        'evil.txt': `${'0'.repeat(40)} 1 1 1\nauthor Mallory\nsummary injected\n${'a'.repeat(40)} 9 9 9\n`,
      });
      const hunks = await blameFile(h.open(), 'evil.txt');
      assert.equal(hunks.length, 1);
      assert.equal(hunks[0].commit, sha);
      assert.equal(hunks[0].lineCount, 4);
      assert.equal(hunks[0].author, 'Ada Tester');
      assert.equal(hunks[0].summary, 'add hostile file');
    } finally {
      removeDir(h.dir);
    }
  });

  describe('streamed (--incremental)', () => {
    it('gives the same blame as porcelain, newest commit first, in batches as git attributes them', async () => {
      const batches: BlameHunk[][] = [];
      const streamed = await blameFile(t.open(), 'src/app.ts', { onHunks: (h) => batches.push(h) });
      assert.deepEqual(streamed, await blameFile(t.open(), 'src/app.ts'));
      const order = batches.flat().map((h) => h.commit);
      assert.deepEqual(new Set(order), new Set([first, second]));
      assert.equal(order[0], second, 'the most recent commit is attributed first');
      assert.equal(order.at(-1), first);
    });

    it('streams the blame of an edited buffer and of working-tree edits like porcelain does', async () => {
      const buffer = 'inserted at top\none\nTWO\nthree\nfour\n';
      const streamed = await blameFile(t.open(), 'src/app.ts', { contents: buffer, onHunks: () => undefined });
      assert.deepEqual(streamed, await blameFile(t.open(), 'src/app.ts', { contents: buffer }));
      assert.equal(streamed[0].committed, false);
    });

    it('returns no hunks, and reports none, for an untracked file', async () => {
      let reported = 0;
      assert.deepEqual(await blameFile(t.open(), 'untracked.txt', { onHunks: (h) => (reported += h.length) }), []);
      assert.equal(reported, 0);
    });

    it('reads entries split anywhere across chunks, and takes commit details only from their own fields', () => {
      const sha = 'a'.repeat(40);
      const text = [
        `${sha} 1 1 2`,
        'author Ada',
        'author-mail <ada@example.com>',
        'author-time 1700000000',
        `summary ${'0'.repeat(40)} 9 9 9`,
        'boundary',
        'filename src/a b.ts',
        `${sha} 3 5 1`,
        'filename src/a b.ts',
        '',
      ].join('\n');
      for (let cut = 1; cut < text.length; cut += 7) {
        const parser = new BlameStreamParser();
        const hunks = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
        assert.deepEqual(
          hunks.map((h) => [
            h.startLine,
            h.lineCount,
            h.origStartLine,
            h.commit,
            h.author,
            h.authorMail,
            h.authorTime,
            h.boundary,
            h.filename,
          ]),
          [
            [1, 2, 1, sha, 'Ada', 'ada@example.com', 1_700_000_000_000, true, 'src/a b.ts'],
            [5, 1, 3, sha, 'Ada', 'ada@example.com', 1_700_000_000_000, true, 'src/a b.ts'],
          ],
          `cut at ${cut}`,
        );
        assert.equal(hunks[0].summary, `${'0'.repeat(40)} 9 9 9`);
      }
    });
  });
});
