import assert from 'node:assert/strict';
import {
  isHostMessage,
  isHttpUrl,
  isPageMessage,
  isPageState,
  MAX_ID_LENGTH,
  offeredFiles,
  fileKey,
  withSafeLinks,
  type DetailsItem,
} from '../../../../src/core/details/protocol';
import { hostileItem, ordinaryItem, signal } from '../../webview/items';

/** What a message looks like after crossing postMessage (VS Code serialises to JSON). */
function wire(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x));
}

describe('webview protocol: page → host', () => {
  const valid: unknown[] = [
    { type: 'ready' },
    { type: 'openExternal', url: 'https://github.com/octo/app/pull/1' },
    { type: 'openExternal', url: 'http://127.0.0.1:9093/#/alerts' },
    { type: 'openFile', path: 'src/app.ts' },
    { type: 'openFile', path: 'src/app.ts', line: 12 },
    { type: 'openFile', path: 'src/app.ts', line: 1, repo: 'octo/app' },
    { type: 'action', actionId: 'resolve', signalId: 'alertmanager:prod:alert:abc' },
  ];
  for (const message of valid) {
    it(`accepts ${JSON.stringify(message)}`, () => {
      assert.equal(isPageMessage(wire(message)), true);
    });
  }

  const long = 'a'.repeat(MAX_ID_LENGTH + 1);
  const invalid: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'ready'],
    ['an array', [{ type: 'ready' }]],
    ['no type', {}],
    ['an unknown type', { type: 'eval', code: '1' }],
    ['a type of another case', { type: 'Ready' }],
    ['ready with an extra field', { type: 'ready', extra: 1 }],
    ['a __proto__ key', JSON.parse('{"type":"ready","__proto__":{"polluted":true}}')],
    ['a javascript: url', { type: 'openExternal', url: 'javascript:alert(1)' }],
    ['a command: url', { type: 'openExternal', url: 'command:workbench.action.terminal.new' }],
    ['a file: url', { type: 'openExternal', url: 'file:///etc/passwd' }],
    ['a data: url', { type: 'openExternal', url: 'data:text/html,<script>alert(1)</script>' }],
    ['a vscode: url', { type: 'openExternal', url: 'vscode://vscode.git/clone?url=x' }],
    ['a relative url', { type: 'openExternal', url: '/relative' }],
    ['a url that is not a url', { type: 'openExternal', url: 'https//missing-colon' }],
    ['a url with a newline', { type: 'openExternal', url: 'https://a.example/\nb' }],
    ['a number url', { type: 'openExternal', url: 42 }],
    ['a huge url', { type: 'openExternal', url: `https://a.example/${long}` }],
    ['openExternal with an extra field', { type: 'openExternal', url: 'https://a.example/', target: '_blank' }],
    ['an empty path', { type: 'openFile', path: '' }],
    ['a missing path', { type: 'openFile', line: 3 }],
    ['a path with NUL', { type: 'openFile', path: 'a\u0000b' }],
    ['a huge path', { type: 'openFile', path: long }],
    ['line 0', { type: 'openFile', path: 'a.ts', line: 0 }],
    ['a negative line', { type: 'openFile', path: 'a.ts', line: -1 }],
    ['a fractional line', { type: 'openFile', path: 'a.ts', line: 1.5 }],
    ['a string line', { type: 'openFile', path: 'a.ts', line: '3' }],
    ['a NaN line', { type: 'openFile', path: 'a.ts', line: NaN }],
    ['a number repo', { type: 'openFile', path: 'a.ts', repo: 1 }],
    ['an action without signalId', { type: 'action', actionId: 'resolve' }],
    ['an action with a number id', { type: 'action', actionId: 1, signalId: 's' }],
    ['an action with a huge id', { type: 'action', actionId: long, signalId: 's' }],
    ['an action with a huge signal id', { type: 'action', actionId: 'resolve', signalId: long }],
    ['an action with an extra field', { type: 'action', actionId: 'resolve', signalId: 's', args: ['rm -rf /'] }],
  ];
  for (const [name, message] of invalid) {
    it(`rejects ${name}`, () => {
      assert.equal(isPageMessage(message), false);
    });
  }
});

describe('webview protocol: host → page', () => {
  it('accepts an item with every kind of section, related signals and actions', () => {
    assert.equal(isHostMessage(wire({ type: 'show', item: ordinaryItem() })), true);
  });

  it('accepts a minimal item', () => {
    assert.equal(isHostMessage({ type: 'show', item: { signal: signal({ url: undefined, author: undefined }), related: [] } }), true);
  });

  it('accepts hostile text (it is shown as text), including a 1 MB code section', () => {
    assert.equal(isHostMessage(wire({ type: 'show', item: hostileItem() })), true);
  });

  it('accepts signals with fields it does not know (the model may grow)', () => {
    const item = wire({ type: 'show', item: { signal: { ...signal(), future: { x: 1 } }, related: [] } });
    assert.equal(isHostMessage(item), true);
  });

  function withItem(change: (item: DetailsItem & Record<string, unknown>) => void): unknown {
    const item = wire(ordinaryItem()) as DetailsItem & Record<string, unknown>;
    change(item);
    return { type: 'show', item };
  }

  const invalid: Array<[string, unknown]> = [
    ['another type', { type: 'update', item: ordinaryItem() }],
    ['no item', { type: 'show' }],
    ['an extra field', { type: 'show', item: ordinaryItem(), html: '<b>' }],
    [
      'an unknown kind',
      withItem((i) => {
        (i.signal as { kind: string }).kind = 'virus';
      }),
    ],
    [
      'an unknown state',
      withItem((i) => {
        (i.signal.state as { normal: string }).normal = 'pwned';
      }),
    ],
    [
      'a missing native state',
      withItem((i) => {
        delete (i.signal.state as { native?: string }).native;
      }),
    ],
    [
      'a string time',
      withItem((i) => {
        (i.signal as { createdAt: unknown }).createdAt = '2026-01-01';
      }),
    ],
    [
      'an infinite time',
      withItem((i) => {
        i.signal.updatedAt = Infinity;
      }),
    ],
    [
      'labels that are not strings',
      withItem((i) => {
        (i.signal as { labels: unknown }).labels = [1];
      }),
    ],
    [
      'tags that are not an array',
      withItem((i) => {
        (i.signal as { tags: unknown }).tags = 'a:b';
      }),
    ],
    [
      'no anchors',
      withItem((i) => {
        delete (i.signal as { anchors?: unknown }).anchors;
      }),
    ],
    [
      'a file anchor with line 0',
      withItem((i) => {
        i.signal.anchors.files = [{ path: 'a.ts', line: 0 }];
      }),
    ],
    [
      'a huge signal id',
      withItem((i) => {
        i.signal.id = 'x'.repeat(MAX_ID_LENGTH + 1);
      }),
    ],
    [
      'related that is not an array',
      withItem((i) => {
        (i as { related: unknown }).related = {};
      }),
    ],
    [
      'a related signal that is not a signal',
      withItem((i) => {
        (i.related as unknown[]).push({ id: 'x' });
      }),
    ],
    [
      'a section with two bodies',
      withItem((i) => {
        i.sections = [{ title: 't', code: 'a', markdown: 'b' } as never];
      }),
    ],
    [
      'a section with no body',
      withItem((i) => {
        i.sections = [{ title: 't' } as never];
      }),
    ],
    [
      'a section with an html body',
      withItem((i) => {
        i.sections = [{ title: 't', html: '<b>' } as never];
      }),
    ],
    [
      'a row with a javascript: link',
      withItem((i) => {
        i.sections = [{ title: 't', rows: [{ label: 'l', value: 'v', href: 'javascript:alert(1)' }] }];
      }),
    ],
    [
      'a row with a number value',
      withItem((i) => {
        i.sections = [{ title: 't', rows: [{ label: 'l', value: 1 as never }] }];
      }),
    ],
    [
      'a row file with no path',
      withItem((i) => {
        i.sections = [{ title: 't', rows: [{ label: 'l', value: 'v', file: { line: 1 } as never }] }];
      }),
    ],
    [
      'an action with a huge id',
      withItem((i) => {
        i.actions = [{ id: 'a'.repeat(MAX_ID_LENGTH + 1), title: 't' }];
      }),
    ],
    [
      'an action with a command',
      withItem((i) => {
        i.actions = [{ id: 'a', title: 't', command: 'x' } as never];
      }),
    ],
    [
      'an unknown item field',
      withItem((i) => {
        i.script = 'x';
      }),
    ],
  ];
  for (const [name, message] of invalid) {
    it(`rejects ${name}`, () => {
      assert.equal(isHostMessage(message), false);
    });
  }
});

describe('webview protocol: helpers', () => {
  it('isHttpUrl accepts only absolute http(s) URLs', () => {
    assert.equal(isHttpUrl('https://a.example/x?y=1#z'), true);
    assert.equal(isHttpUrl('HTTP://A.EXAMPLE'), true);
    for (const bad of [' javascript:alert(1)', 'jAvAsCrIpT:alert(1)', 'command:x', 'mailto:a@b.c', '//a.example', '', 1, null]) {
      assert.equal(isHttpUrl(bad), false, String(bad));
    }
  });

  it('isPageState accepts only { signalId: string }', () => {
    assert.equal(isPageState({ signalId: 'github:pipelineRun:42' }), true);
    assert.equal(isPageState({ signalId: '' }), false);
    assert.equal(isPageState({ signalId: 1 }), false);
    assert.equal(isPageState(undefined), false);
  });

  it('withSafeLinks drops non-http(s) row links and keeps the rest, so the item becomes valid', () => {
    const item = ordinaryItem();
    item.sections = [
      {
        title: 't',
        rows: [
          { label: 'bad', value: 'v', href: 'javascript:alert(1)' },
          { label: 'good', value: 'v', href: 'https://a.example/' },
          { label: 'plain', value: 'v' },
        ],
      },
    ];
    assert.equal(isHostMessage({ type: 'show', item }), false);
    const safe = withSafeLinks(item);
    assert.deepEqual(safe.sections, [
      {
        title: 't',
        rows: [
          { label: 'bad', value: 'v' },
          { label: 'good', value: 'v', href: 'https://a.example/' },
          { label: 'plain', value: 'v' },
        ],
      },
    ]);
    assert.equal(isHostMessage({ type: 'show', item: safe }), true);
  });

  it('offeredFiles lists the anchored files and the row files, keyed by repo and path', () => {
    const files = offeredFiles(ordinaryItem());
    assert.deepEqual([...files].sort(), [fileKey('src/app.ts', 'octo/app'), fileKey('test/app.test.ts', 'octo/app')].sort());
    assert.equal(files.has(fileKey('src/app.ts', undefined)), false);
    assert.equal(files.has(fileKey('../../etc/passwd', 'octo/app')), false);
  });
});
