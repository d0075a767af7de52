import assert from 'node:assert/strict';
import { findingOf } from '../../../src/core/finding';
import { placeFindings } from '../../../src/core/lineMap';
import {
  countThreads,
  isRepositoryPath,
  MAX_COMMENT_CHARS,
  reviewThreadOf,
  reviewThreadSignal,
  reviewThreadsRow,
  safeMarkdown,
  unresolvedThreadCounts,
  type ReviewThreadInput,
} from '../../../src/core/reviewThread';

const COMMIT = 'a'.repeat(40);

function input(over: Partial<ReviewThreadInput> = {}): ReviewThreadInput {
  return {
    source: 'forge:example#reviews',
    nativeId: '10',
    path: 'src/a.ts',
    line: 40,
    commit: COMMIT,
    repo: 'forge.example.com/o/r',
    createdAt: 1,
    resolved: false,
    thread: {
      comments: [
        { id: '10', author: 'ada', body: 'Why **this**?', createdAt: 1 },
        { id: '11', author: 'bob', body: 'Because.', createdAt: 2 },
      ],
      outdated: false,
      resolvable: true,
      request: 'forge:example#code:pullRequest:7',
      requestLabel: '#7',
    },
    ...over,
  };
}

describe('review threads (core/reviewThread)', () => {
  it('is a finding of the review tool, information, open or resolved, child of its request', () => {
    const s = reviewThreadSignal(input());
    const f = findingOf(s)!;
    assert.equal(f.tool, 'review');
    assert.equal(f.severity, 'information');
    assert.equal(f.line, 40);
    assert.equal(f.commit, COMMIT);
    assert.equal(s.state.normal, 'open');
    assert.equal(s.parentId, 'forge:example#code:pullRequest:7');
    assert.equal(s.author, 'ada');
    assert.equal(s.title, 'Review thread on src/a.ts:40 (ada)');
    const t = reviewThreadOf(s)!;
    assert.deepEqual(
      t.thread.comments.map((c) => [c.author, c.body]),
      [
        ['ada', 'Why **this**?'],
        ['bob', 'Because.'],
      ],
    );
    assert.equal(t.resolved, false);
    assert.equal(reviewThreadOf(reviewThreadSignal(input({ resolved: true })))!.resolved, true);
    assert.deepEqual(reviewThreadSignal(input({ thread: { ...input().thread, outdated: true } })).labels, ['information', 'outdated']);
  });

  it('keeps the detail plain JSON (survives a snapshot) and rejects malformed entries', () => {
    const s = JSON.parse(JSON.stringify(reviewThreadSignal(input()))) as ReturnType<typeof reviewThreadSignal>;
    assert.equal(reviewThreadOf(s)?.thread.comments.length, 2);
    const broken = { ...s, detail: { ...s.detail, reviewThread: { comments: 'no' } } };
    assert.equal(reviewThreadOf(broken), undefined);
    const other = { ...s, detail: { ...s.detail, finding: { ...(s.detail!.finding as object), tool: 'lint' } } };
    assert.equal(reviewThreadOf(other), undefined);
    const badComment = { ...s, detail: { ...s.detail, reviewThread: { ...(s.detail!.reviewThread as object), comments: [{ id: 1 }] } } };
    assert.deepEqual(reviewThreadOf(badComment)?.thread.comments, []);
  });

  it('bounds huge bodies', () => {
    const long = 'x'.repeat(MAX_COMMENT_CHARS + 50);
    const s = reviewThreadSignal(input({ thread: { ...input().thread, comments: [{ id: '1', author: 'a', body: long, createdAt: 1 }] } }));
    const body = reviewThreadOf(s)!.thread.comments[0].body;
    assert.ok(body.length < long.length + 40);
    assert.match(body, /50 more characters\)$/);
  });

  it('counts unresolved threads per request, and the Code view row says so', () => {
    const signals = [
      reviewThreadSignal(input()),
      reviewThreadSignal(input({ nativeId: '12' })),
      reviewThreadSignal(input({ nativeId: '13', resolved: true })),
    ];
    assert.deepEqual([...unresolvedThreadCounts(signals)], [['forge:example#code:pullRequest:7', 2]]);
    const count = countThreads(signals);
    assert.deepEqual(count, { total: 3, unresolved: 2 });
    const pr = { ...signals[0], id: 'forge:example#code:pullRequest:7' };
    const [row] = reviewThreadsRow('section/pr', pr, count);
    assert.equal(row.label, 'Review threads: 2 unresolved');
    assert.equal(row.description, '1 resolved');
    assert.equal(row.signalId, pr.id);
    assert.equal(row.id, 'section/pr/reviewThreads');
    assert.deepEqual(reviewThreadsRow('x', pr, { total: 0, unresolved: 0 }), []);
    assert.deepEqual(reviewThreadsRow('x', pr, undefined), []);
  });

  describe('safeMarkdown (hostile bodies)', () => {
    it('drops command, vscode, file and javascript link targets, keeping the text', () => {
      const out = safeMarkdown(
        'Click [here](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D) or [there](vscode://x/y) ' +
          '![img](file:///etc/passwd) [js](javascript:alert(1)) [rel](../../secret)',
      );
      assert.doesNotMatch(out, /command:|vscode:|file:|javascript:|\]\(/);
      assert.match(out, /Click here or there img js/);
    });

    it('keeps web links and mailto', () => {
      const text = 'See [docs](https://docs.example.com/a "t") and [me](mailto:a@example.com) and [top](#x)';
      assert.equal(safeMarkdown(text), text);
    });

    it('escapes raw HTML, autolinks and reference definitions to other schemes', () => {
      const out = safeMarkdown(
        '<img src=x onerror=alert(1)> <script>x</script> <command:foo> <!-- c -->\n[r]: command:foo\n[ok]: https://x.y',
      );
      assert.doesNotMatch(out, /<img|<script|<command|<!--/);
      assert.match(out, /&lt;img/);
      assert.match(out, /\\\[r\\\]: command\\:foo/);
      assert.match(out, /\[ok\]: https:\/\/x\.y/);
    });

    it('leaves code as written, quotes and comparisons intact, and drops bidi controls', () => {
      assert.equal(safeMarkdown('> quoted\n\n`a<b` and a < b'), '> quoted\n\n`a<b` and a < b');
      assert.equal(safeMarkdown('```html\n<b>x</b>\n```'), '```html\n<b>x</b>\n```');
      assert.equal(safeMarkdown('abc\u202edef\u0007'), 'abcdef');
    });
  });

  it('places findings through the diff of their commit: moved, outdated, or left where they were when the commit is unknown', async () => {
    const other = 'b'.repeat(40);
    const findings = [
      { id: 'moved', finding: { tool: 'review', severity: 'information' as const, message: '', path: 'a.ts', line: 40, commit: COMMIT } },
      {
        id: 'gone',
        finding: { tool: 'review', severity: 'information' as const, message: '', path: 'a.ts', line: 10, endLine: 11, commit: COMMIT },
      },
      { id: 'same', finding: { tool: 'review', severity: 'information' as const, message: '', path: 'b.ts', line: 3, commit: COMMIT } },
      { id: 'unknown', finding: { tool: 'review', severity: 'information' as const, message: '', path: 'a.ts', line: 3, commit: other } },
    ];
    const asked: Array<[string, readonly string[]]> = [];
    const errors: string[] = [];
    const placed = await placeFindings(
      findings,
      async (commit, paths) => {
        asked.push([commit, paths]);
        if (commit === other) throw new Error('bad object');
        return new Map([
          [
            'a.ts',
            {
              deleted: false,
              hunks: [
                { oldStart: 11, oldCount: 1, newStart: 11, newCount: 0 },
                { oldStart: 20, oldCount: 0, newStart: 20, newCount: 3 },
              ],
            },
          ],
        ]);
      },
      (commit) => errors.push(commit),
    );
    assert.deepEqual(asked, [
      [COMMIT, ['a.ts', 'b.ts']],
      [other, ['a.ts']],
    ]);
    assert.deepEqual(placed.get('moved'), { line: 42, endLine: 42 });
    assert.equal(placed.get('gone'), null);
    assert.deepEqual(placed.get('same'), { line: 3, endLine: 3 });
    assert.equal(placed.has('unknown'), false);
    assert.deepEqual(errors, [other]);
  });

  it('takes only repository-relative paths from a forge', () => {
    for (const ok of ['src/a.ts', 'a', 'dir/sub dir/é.md', '.github/workflows/ci.yml']) assert.ok(isRepositoryPath(ok), ok);
    for (const bad of ['', '/etc/passwd', '../outside', 'src/../../x', './a', 'a//b', 'a/', 'C:/x', 'a\\..\\b', 'a\u0000b'])
      assert.equal(isRepositoryPath(bad), false, JSON.stringify(bad));
  });
});
