import assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/http/client';
import { parseLinkHeader } from '../../../../src/http/link';
import { SentryApi, sentryApiRoot, sentryCredential, SentryConfigError } from '../../../../src/sources/sentry/api';
import { WorkspaceFileIndex } from '../../../../src/core/codeMapping';
import { mapIssue, mapStackFrame, parseIssue, summarizeEvent } from '../../../../src/sources/sentry/mapping';

describe('Sentry API helpers and mapping', () => {
  describe('parseLinkHeader', () => {
    it('reads the example of the "Paginating Results" page', () => {
      const header =
        '<https://sentry.io/api/0/organizations/acme/issues/123456/events/?&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", ' +
        '<https://sentry.io/api/0/organizations/acme/issues/123456/events/?&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"';
      assert.deepEqual(parseLinkHeader(header), [
        {
          url: 'https://sentry.io/api/0/organizations/acme/issues/123456/events/?&cursor=0:0:1',
          rel: 'previous',
          params: { rel: 'previous', results: 'false', cursor: '0:0:1' },
        },
        {
          url: 'https://sentry.io/api/0/organizations/acme/issues/123456/events/?&cursor=0:100:0',
          rel: 'next',
          params: { rel: 'next', results: 'true', cursor: '0:100:0' },
        },
      ]);
    });

    it('tolerates missing headers, odd spacing and garbage', () => {
      assert.deepEqual(parseLinkHeader(undefined), []);
      assert.deepEqual(parseLinkHeader('garbage'), []);
      assert.deepEqual(parseLinkHeader('<u1>;rel=next;results=true;cursor=c1,<u2'), [
        { url: 'u1', rel: 'next', params: { rel: 'next', results: 'true', cursor: 'c1' } },
      ]);
      assert.equal(parseLinkHeader('<a,b>; rel="next"')[0].url, 'a,b');
      assert.equal(parseLinkHeader('<x>; rel="next", '.repeat(10_000)).length, 20);
    });
  });

  describe('sentryApiRoot and configuration', () => {
    it('finds the API root of sentry.io and self-hosted servers', () => {
      assert.equal(sentryApiRoot().apiRoot, 'https://sentry.io/api/0');
      assert.equal(sentryApiRoot('https://sentry.example.com/').apiRoot, 'https://sentry.example.com/api/0');
      assert.equal(sentryApiRoot('https://example.com/sentry/api/0/').apiRoot, 'https://example.com/sentry/api/0');
      assert.equal(sentryApiRoot('http://localhost:9000').origin, 'http://localhost:9000');
    });

    it('refuses bad URLs, URLs with credentials, odd slugs and a token for another origin', () => {
      assert.throws(() => sentryApiRoot('file:///etc/passwd'), SentryConfigError);
      assert.throws(() => sentryApiRoot('https://user:pw@sentry.io'), /configure the token separately/);
      const http = new HttpClient();
      assert.throws(() => new SentryApi(http, { organization: '../admin' }), /not an organization slug/);
      assert.throws(() => new SentryApi(http, { organization: 'acme', projects: ['a/b'] }), /not a project slug/);
      assert.throws(
        () =>
          new SentryApi(http, { organization: 'acme', baseUrl: 'https://sentry.example.com' }, sentryCredential('https://sentry.io', 't')),
        /token is for https:\/\/sentry\.io/,
      );
    });
  });

  describe('parseIssue', () => {
    it('accepts numeric ids, parses string counts and rejects unusable items', () => {
      const issue = parseIssue({ id: 7, title: 'T', count: ' 42 ', userCount: 3, level: 'WARNING', status: 'unresolved' });
      assert.ok(typeof issue !== 'string');
      assert.equal(issue.id, '7');
      assert.equal(issue.count, 42);
      assert.equal(issue.level, 'warning');
      const odd = parseIssue({ id: '8', count: 'many', userCount: -1, permalink: 'javascript:alert(1)' });
      assert.ok(typeof odd !== 'string');
      assert.equal(odd.count, 0);
      assert.equal(odd.userCount, 0);
      assert.equal(odd.permalink, undefined);
      assert.equal(odd.title, 'Issue 8');
      assert.equal(parseIssue({ id: 'abc' }), 'issue has no numeric id');
      assert.equal(parseIssue([]), 'issue is not an object');
    });
  });

  describe('summarizeEvent', () => {
    it('handles a non-object event and a plain stacktrace entry', () => {
      assert.deepEqual(summarizeEvent('nope').warnings, ['the latest event is not a JSON object']);
      // The "stacktrace" entry of the "List an Issue's Events" example (no exception wrapper).
      const summary = summarizeEvent({
        eventID: 'e1',
        entries: [
          {
            type: 'stacktrace',
            data: {
              frames: [
                {
                  filename: 'raven/scripts/runner.py',
                  absPath: '/home/ubuntu/raven/scripts/runner.py',
                  lineNo: 112,
                  inApp: false,
                  function: 'main',
                },
                { filename: 'raven/base.py', absPath: '/home/ubuntu/raven/base.py', lineNo: 303, inApp: true, function: 'build_msg' },
              ],
            },
          },
        ],
      });
      assert.deepEqual(
        summary.frames.map((f) => f.function),
        ['build_msg', 'main'],
      );
      assert.deepEqual(summary.warnings, []);
    });

    it('bounds what a huge event can contribute', () => {
      const frames = Array.from({ length: 5000 }, (_, i) => ({
        filename: `f${i}.js`,
        lineNo: i + 1,
        inApp: true,
        context: Array.from({ length: 100 }, (_, j) => [j, 'x'.repeat(10_000)]),
      }));
      const summary = summarizeEvent({ entries: [{ type: 'exception', data: { values: [{ type: 'E', stacktrace: { frames } }] } }] });
      assert.equal(summary.frames.length, 200);
      assert.equal(summary.frames[0].filename, 'f4999.js', 'the innermost frames are kept');
      assert.ok(summary.frames.every((f) => (f.context?.length ?? 0) <= 11 && f.context!.every(([, line]) => line.length <= 2000)));
    });
  });

  describe('mapStackFrame', () => {
    const index = new WorkspaceFileIndex(['services/api/src/app/handler.ts', 'services/web/src/app/handler.ts']);

    it('uses whichever of filename and absPath maps best', () => {
      const frame = { filename: 'src/app/handler.ts', absPath: '/srv/current/src/app/handler.ts', lineNo: 4, inApp: true };
      assert.equal(mapStackFrame(frame, index).status, 'ambiguous');
      const mapped = mapStackFrame(frame, index, [{ stackRoot: '/srv/current', sourceRoot: 'services/web' }]);
      assert.deepEqual(mapped, { status: 'mapped', path: 'services/web/src/app/handler.ts', line: 4, via: 'mapping', matchedSegments: 3 });
    });

    it('says so when a frame has no path at all', () => {
      assert.deepEqual(mapStackFrame({ function: 'anonymous', inApp: false }, index), {
        status: 'unmapped',
        reason: 'the frame has no file path',
      });
    });
  });

  describe('mapIssue', () => {
    it('maps resolved and ignored issues to their normal states, and lists frames without a mapper', () => {
      const issue = parseIssue({ id: '1', title: 'T', status: 'ignored', level: 'info', project: { id: 2, slug: 'web' } });
      assert.ok(typeof issue !== 'string');
      const signal = mapIssue(issue, summarizeEvent({ entries: [] }), { source: 'sentry:acme', now: 5 });
      assert.deepEqual(signal.state, { normal: 'silenced', native: 'ignored' });
      assert.equal(signal.createdAt, 5);
      assert.deepEqual(signal.tags, ['level:info', 'project:web', 'service:web']);
      assert.deepEqual(signal.anchors, {});
    });
  });
});
