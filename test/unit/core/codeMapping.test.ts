import assert from 'node:assert/strict';
import { findFileReferences, mapFrameToWorkspace, normalizeFramePath, WorkspaceFileIndex } from '../../../src/core/codeMapping';

describe('codeMapping', () => {
  describe('normalizeFramePath', () => {
    const cases: Array<[string, string | undefined]> = [
      ['webpack:///./src/app/handler.ts', 'src/app/handler.ts'],
      ['webpack:////usr/src/app/src/lib/user.ts', 'usr/src/app/src/lib/user.ts'],
      ['app:///src/app/handler.ts', 'src/app/handler.ts'],
      ['file:///home/dev/shop/src/app.ts', 'home/dev/shop/src/app.ts'],
      ['C:\\Users\\dev\\shop\\src\\app.ts', 'Users/dev/shop/src/app.ts'],
      ['https://cdn.example.com/static/js/main.js?v=3#frag', 'static/js/main.js'],
      ['~/static/js/main.js', 'static/js/main.js'],
      ['/srv/app/../lib/./util.py', 'srv/lib/util.py'],
      ['node:internal/process/task_queues', undefined],
      ['<anonymous>', undefined],
      ['[native code]', undefined],
      ['   ', undefined],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
        assert.equal(normalizeFramePath(input), expected);
      });
    }

    it('refuses absurdly long paths instead of processing them', () => {
      assert.equal(normalizeFramePath(`/${'a/'.repeat(10_000)}x.ts`), undefined);
    });
  });

  describe('mapFrameToWorkspace', () => {
    const index = new WorkspaceFileIndex([
      'services/api/src/app/handler.ts',
      'services/web/src/app/handler.ts',
      'services/api/src/lib/user.ts',
      'lib/router/layer.js',
      'tools/handler.ts',
      'README.md',
    ]);

    it('picks the file sharing the longest path suffix', () => {
      const result = mapFrameToWorkspace({ path: '/usr/src/app/src/lib/user.ts', line: 7, column: 15 }, index);
      assert.deepEqual(result, {
        status: 'mapped',
        path: 'services/api/src/lib/user.ts',
        line: 7,
        column: 15,
        via: 'suffix',
        matchedSegments: 3,
      });
    });

    it('reports a tie as ambiguous with the candidates, never a guess', () => {
      const result = mapFrameToWorkspace({ path: 'app:///src/app/handler.ts', line: 42 }, index);
      assert.deepEqual(result, {
        status: 'ambiguous',
        candidates: ['services/api/src/app/handler.ts', 'services/web/src/app/handler.ts'],
        line: 42,
      });
    });

    it('applies a code mapping (stackRoot → sourceRoot) before suffix matching', () => {
      const result = mapFrameToWorkspace({ path: 'app:///src/app/handler.ts', line: 42 }, index, [
        { stackRoot: 'app:///src', sourceRoot: 'services/web/src' },
      ]);
      assert.equal(result.status, 'mapped');
      assert.equal(result.status === 'mapped' && result.path, 'services/web/src/app/handler.ts');
      assert.equal(result.status === 'mapped' && result.via, 'mapping');
    });

    it('uses the longest matching stack root when several apply', () => {
      const result = mapFrameToWorkspace({ path: '/usr/src/app/src/app/handler.ts', line: 1 }, index, [
        { stackRoot: '/usr/src', sourceRoot: 'nowhere' },
        { stackRoot: '/usr/src/app', sourceRoot: 'services/api' },
      ]);
      assert.equal(result.status === 'mapped' && result.path, 'services/api/src/app/handler.ts');
    });

    it('breaks a suffix tie with the mapped sourceRoot even when the mapped path itself does not exist', () => {
      const result = mapFrameToWorkspace({ path: '/deploy/current/src/app/handler.ts', line: 3 }, index, [
        { stackRoot: '/deploy', sourceRoot: 'services/api' },
      ]);
      assert.equal(result.status === 'mapped' && result.path, 'services/api/src/app/handler.ts');
      assert.equal(result.status === 'mapped' && result.via, 'suffix');
    });

    it('breaks a suffix tie with preferred roots (the service folder)', () => {
      const result = mapFrameToWorkspace({ path: 'src/app/handler.ts', line: 9 }, index, [], { preferredRoots: ['services/web'] });
      assert.equal(result.status === 'mapped' && result.path, 'services/web/src/app/handler.ts');
    });

    it('matches a workspace-relative frame path exactly', () => {
      const result = mapFrameToWorkspace({ path: './tools/handler.ts', line: 2 }, index);
      assert.equal(result.status === 'mapped' && result.via, 'exact');
      assert.equal(result.status === 'mapped' && result.path, 'tools/handler.ts');
    });

    it('never maps a frame inside node_modules onto a workspace file outside it', () => {
      const result = mapFrameToWorkspace({ path: '/usr/src/app/node_modules/express/lib/router/layer.js', line: 95 }, index);
      assert.equal(result.status, 'unmapped');
    });

    it('explains why a frame is unmapped', () => {
      const missing = mapFrameToWorkspace({ path: '/srv/app/billing/pricing.py', line: 40 }, index);
      assert.deepEqual(missing, { status: 'unmapped', reason: 'no workspace file named pricing.py' });
      const unusable = mapFrameToWorkspace({ path: 'node:internal/process/task_queues' }, index);
      assert.equal(unusable.status, 'unmapped');
    });

    it('drops impossible line and column numbers but keeps the file', () => {
      for (const line of [0, -3, 1.5, Number.NaN]) {
        const result = mapFrameToWorkspace({ path: 'src/lib/user.ts', line, column: 0 }, index);
        assert.equal(result.status, 'mapped');
        assert.equal(result.status === 'mapped' && result.line, undefined);
        assert.equal(result.status === 'mapped' && result.column, undefined);
      }
    });
  });

  describe('findFileReferences', () => {
    it('finds path:line in an annotation, with its offset', () => {
      const text = 'panic in src/app/handler.ts:42 while serving /users';
      const refs = findFileReferences(text);
      assert.deepEqual(refs, [{ path: 'src/app/handler.ts', line: 42, offset: 9 }]);
      assert.ok(text.slice(refs[0].offset).startsWith('src/app/handler.ts:42'));
    });

    it('reads path:line:column', () => {
      assert.deepEqual(findFileReferences('at lib/user.ts:7:15.'), [{ path: 'lib/user.ts', line: 7, column: 15, offset: 3 }]);
    });

    it('reads GitHub and GitLab blob links with #L anchors and ranges', () => {
      const refs = findFileReferences(
        'Runbook: https://github.com/acme/shop/blob/main/src/app/handler.ts#L42-L50 and ' +
          '[code](https://gitlab.com/acme/shop/-/blob/v1.2/lib/billing/price.rb#L7)',
      );
      assert.deepEqual(
        refs.map(({ path, line, endLine }) => ({ path, line, endLine })),
        [
          { path: 'src/app/handler.ts', line: 42, endLine: 50 },
          { path: 'lib/billing/price.rb', line: 7, endLine: undefined },
        ],
      );
    });

    it('reads file.ext#L42 without a URL', () => {
      assert.deepEqual(findFileReferences('see handler.ts#L12')[0], { path: 'handler.ts', line: 12, offset: 4 });
    });

    it('accepts bare file names only with a source-code extension', () => {
      assert.deepEqual(
        findFileReferences('main.go:42 crashed').map((r) => r.path),
        ['main.go'],
      );
      const prose =
        'grafana.example.com:3000 db.internal:5432 10.0.0.1:8080 at 12:30:45 ' +
        'http://prometheus:9090/graph?g0.expr=up v1.2.3:4 https://wiki.example.com/runbook';
      assert.deepEqual(findFileReferences(prose), []);
    });

    it('strips surrounding punctuation, markdown and logfmt keys', () => {
      const refs = findFileReferences('(see src/a.ts:3). **src/b.ts:4** file=src/c.py:5, `src/d.rs:6`');
      assert.deepEqual(
        refs.map((r) => `${r.path}:${r.line}`),
        ['src/a.ts:3', 'src/b.ts:4', 'src/c.py:5', 'src/d.rs:6'],
      );
    });

    it('normalises Windows paths', () => {
      assert.equal(findFileReferences('at C:\\build\\src\\app.ts:12')[0]?.path, 'build/src/app.ts');
    });

    it('reports each path and line once and stops at the limit', () => {
      assert.equal(findFileReferences('src/a.ts:1 src/a.ts:1 src/a.ts:2').length, 2);
      assert.equal(findFileReferences(Array.from({ length: 500 }, (_, i) => `src/f${i}.ts:${i + 1}`).join(' '), 10).length, 10);
    });

    it('ignores zero lines and non-string input', () => {
      assert.deepEqual(findFileReferences('src/a.ts:0'), []);
      assert.deepEqual(findFileReferences(undefined as unknown as string), []);
    });

    describe('hostile megabyte strings finish and find only what is there', () => {
      const MB = 1024 * 1024;
      const cases: Array<[string, () => string, number]> = [
        ['one long word', () => 'a'.repeat(MB), 0],
        ['path-like run without a line', () => 'a/'.repeat(MB / 2), 0],
        ['repeated references without separators', () => 'a.ts:1'.repeat(MB / 6), 0],
        ['colons and digits', () => ':1'.repeat(MB / 2), 0],
        ['slashes then a line', () => `${'/'.repeat(MB)}x.ts:1`, 0],
        ['dots', () => '.'.repeat(MB), 0],
        ['hash-L runs', () => '#L1'.repeat(MB / 3), 0],
        ['many real references', () => 'src/x.ts:1 '.repeat(MB / 11), 1],
        ['a reference after a megabyte of prose', () => `${'word '.repeat(MB / 5)} src/late.ts:9`, 1],
      ];
      for (const [name, make, expected] of cases) {
        it(name, () => {
          assert.equal(findFileReferences(make()).length, expected);
        });
      }
    });
  });
});
