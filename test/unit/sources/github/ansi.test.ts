import assert from 'node:assert/strict';
import { cleanJobLog, parseJobLog, stripAnsi, styledJobLog } from '../../../../src/sources/github/ansi';

// What an Actions job log looks like on the wire: a timestamp per line, workflow-command markers,
// colour codes from tools, progress bars redrawn with carriage returns, CRLF endings.
const RAW = [
  '2024-01-20T17:42:40.1234567Z ##[group]Run actions/checkout@v4',
  '2024-01-20T17:42:40.2000000Z with:',
  '2024-01-20T17:42:40.3000000Z ##[endgroup]',
  '2024-01-20T17:42:41.0000000Z [command]/usr/bin/git version',
  '2024-01-20T17:42:42.0000000Z \x1b[32m✓\x1b[0m 12 passing \x1b[1;31m1 failing\x1b[m',
  '2024-01-20T17:42:43.0000000Z Downloading 10%\rDownloading 50%\rDownloading 100%',
  '2024-01-20T17:42:44.0000000Z \x1b]8;;https://example.com\x07link text\x1b]8;;\x07 and \x1b[38;5;208morange\x1b[39m',
  '2024-01-20T17:42:45.0000000Z ##[error]Process completed with exit code 1.',
  '2024-01-20T17:42:45.5000000Z ##[warning]Node 16 is deprecated',
  '',
].join('\r\n');

describe('github/ansi', () => {
  it('strips CSI, OSC (hyperlinks), 8-bit CSI and lone escapes, keeping the text', () => {
    assert.equal(stripAnsi('\x1b[1;31mred\x1b[0m'), 'red');
    assert.equal(stripAnsi('\x1b]0;title\x07after'), 'after');
    assert.equal(stripAnsi('\x1b]8;;http://x\x1b\\text\x1b]8;;\x1b\\'), 'text');
    assert.equal(stripAnsi('\x9b31mred'), 'red');
    assert.equal(stripAnsi('a\x1b7b\x1b8c\x1b(Bd\x1b[?25le'), 'abcde');
    assert.equal(stripAnsi('\x1b[2K\x1b[1Gline'), 'line');
  });

  it('parses lines: timestamps, markers, group depth, carriage-return overwrites', () => {
    const lines = parseJobLog(RAW);
    assert.deepEqual(
      lines.map((l) => [l.kind, l.depth, l.text]),
      [
        ['group', 0, 'Run actions/checkout@v4'],
        ['plain', 1, 'with:'],
        ['endgroup', 0, ''],
        ['plain', 0, '/usr/bin/git version'],
        ['plain', 0, '✓ 12 passing 1 failing'],
        ['plain', 0, 'Downloading 100%'],
        ['plain', 0, 'link text and orange'],
        ['error', 0, 'Process completed with exit code 1.'],
        ['warning', 0, 'Node 16 is deprecated'],
      ],
    );
    assert.equal(lines[0].time, Date.parse('2024-01-20T17:42:40.123Z'));
  });

  it('renders clean text with no escape or control character left', () => {
    const text = cleanJobLog(RAW);
    assert.doesNotMatch(text, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    assert.ok(!text.includes('##['));
    assert.match(text, /^▸ Run actions\/checkout@v4\n {2}with:\n/);
    assert.match(text, /\nError: Process completed with exit code 1\.\nWarning: Node 16 is deprecated$/);
    assert.match(cleanJobLog(RAW, { timestamps: true }), /^2024-01-20T17:42:40\.123Z ▸ Run/);
  });

  it('copes with empty and marker-only logs', () => {
    assert.equal(cleanJobLog(''), '');
    assert.equal(cleanJobLog('##[endgroup]\n##[endgroup]'), '');
    assert.equal(cleanJobLog('\x1b[31m'), '');
  });

  it('keeps colours as runs on the shown text and makes ##[group]s foldable groups', () => {
    const raw = [
      '2026-12-02T10:00:00.0000000Z ##[group]Run npm test',
      '2026-12-02T10:00:01.0000000Z \x1b[32m✔\x1b[0m passes',
      '2026-12-02T10:00:02.0000000Z \x1b[31m1 failing\x1b[0m',
      '2026-12-02T10:00:03.0000000Z ##[endgroup]',
      '2026-12-02T10:00:04.0000000Z ##[error]\x1b[1mProcess completed with exit code 1.',
    ].join('\n');
    const log = styledJobLog(raw);
    assert.equal(log.text, ['▸ Run npm test', '  ✔ passes', '  1 failing', 'Error: Process completed with exit code 1.'].join('\n'));
    const lines = log.text.split('\n');
    const shown = (line: number) =>
      (log.runs.get(line) ?? []).map((r) => [
        lines[line].slice(r.start, r.end),
        log.styles[r.style].fg ?? (log.styles[r.style].bold ? 'bold' : ''),
      ]);
    assert.deepEqual(shown(1), [['✔', 'Green']]);
    assert.deepEqual(shown(2), [['1 failing', 'Red']]);
    assert.deepEqual(shown(3), [['Process completed with exit code 1.', 'bold']]);
    assert.deepEqual(log.groups, [{ startLine: 0, endLine: 2, collapsed: true }]);
    assert.equal(cleanJobLog(raw), log.text);
  });
});
