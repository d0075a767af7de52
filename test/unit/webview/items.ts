/** Details items shared by the webview tests: one ordinary, one built from hostile remote strings. */
import type { Signal } from '../../../src/core/signal';
import type { DetailsItem } from '../../../src/core/details/protocol';

export function signal(overrides: Partial<Signal> = {}): Signal {
  return {
    id: 'github:pipelineRun:42',
    source: 'github:octo/app',
    kind: 'pipelineRun',
    title: 'CI on main',
    state: { normal: 'failed', native: 'failure' },
    url: 'https://github.com/octo/app/actions/runs/42',
    author: 'octocat',
    createdAt: Date.UTC(2026, 10, 21, 12, 0, 0),
    updatedAt: Date.UTC(2026, 10, 21, 12, 5, 0),
    labels: ['failed'],
    tags: ['branch:main', 'env:production'],
    anchors: {
      repo: 'octo/app',
      commits: ['0123456789abcdef0123456789abcdef01234567'],
      branch: 'main',
      environment: 'production',
      files: [{ path: 'src/app.ts', line: 12 }],
    },
    ...overrides,
  };
}

export function ordinaryItem(): DetailsItem {
  return {
    signal: signal(),
    related: [
      signal({
        id: 'github:job:7',
        kind: 'job',
        title: 'build',
        state: { normal: 'success', native: 'success' },
        parentId: 'github:pipelineRun:42',
      }),
    ],
    sections: [
      {
        title: 'Summary',
        rows: [
          { label: 'Duration', value: '5 min' },
          { label: 'Run', value: '#42', href: 'https://github.com/octo/app/actions/runs/42' },
          { label: 'Failing test', value: 'test/app.test.ts:3', file: { repo: 'octo/app', path: 'test/app.test.ts', line: 3 } },
        ],
      },
      { title: 'Description', markdown: 'Fixes **the build**. See [docs](https://example.com/docs).' },
      { title: 'Log', code: 'Error: boom\n    at main (src/app.ts:12:3)' },
    ],
    actions: [{ id: 'rerun', title: 'Re-run' }],
  };
}

/** Every string a service controls, set to something that would run or navigate if rendered as HTML. */
export const HOSTILE_TITLE =
  '<script>window.__pwned = "title-script"</script><img src=x onerror="window.__pwned = \'title-img\'"> [x](command:workbench.action.terminal.new)';

export const HOSTILE_MARKDOWN = [
  '# Release <script>window.__pwned = "md-script"</script>',
  '',
  '<img src=x onerror="window.__pwned = \'md-img\'">',
  '',
  '<a href="javascript:window.__pwned=\'md-raw-a\'">raw anchor</a>',
  '',
  "[js link](javascript:window.__pwned='md-js')",
  '',
  '[command link](command:workbench.action.terminal.new)',
  '',
  '[relative link](/etc/passwd)',
  '',
  "![pixel](javascript:window.__pwned='md-img-js')",
  '',
  '[docs link](https://example.com/docs?a=1&b=2)',
].join('\n');

export function hostileItem(): DetailsItem {
  return {
    signal: signal({
      id: 'sentry:error:<script>',
      title: HOSTILE_TITLE,
      author: '<b onmouseover="window.__pwned=\'author\'">mallory</b>',
      url: 'javascript:window.__pwned="url"',
      labels: ['<svg onload="window.__pwned=\'label\'">'],
      tags: ['service:<iframe src="javascript:window.__pwned=1">'],
      anchors: { repo: 'octo/app', branch: '<script>x</script>', files: [{ path: '<img src=x onerror=alert(1)>.ts', line: 1 }] },
    }),
    related: [
      signal({
        id: 'x:job:1',
        kind: 'job',
        title: '<img src=x onerror="window.__pwned=\'related\'">',
        url: 'command:workbench.action.reloadWindow',
      }),
    ],
    sections: [
      { title: '<script>window.__pwned="section"</script>', markdown: HOSTILE_MARKDOWN },
      { title: 'Stack', code: '<script>window.__pwned = "code"</script>\n' + 'x'.repeat(1_000_000) },
      {
        title: 'Rows',
        rows: [
          {
            label: '<b>l</b>',
            value: '<img src=x onerror="window.__pwned=\'row\'">',
            file: { repo: 'octo/app', path: 'src/app.ts', line: 7 },
          },
        ],
      },
    ],
    actions: [{ id: 'resolve', title: '<img src=x onerror="window.__pwned=\'action\'">Resolve' }],
  };
}
