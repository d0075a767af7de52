import assert from 'node:assert/strict';
import { parseJobTrace } from '../../../../src/sources/gitlab';

const E = '\x1b';
const start = (ts: number, name: string, header: string, options = '') => `${E}[0Ksection_start:${ts}:${name}${options}\r${E}[0K${header}`;
const end = (ts: number, name: string) => `${E}[0Ksection_end:${ts}:${name}\r${E}[0K`;

describe('gitlab/jobTrace (log sections and escapes)', () => {
  it('turns GitLab Runner sections into foldable ranges with durations', () => {
    const raw = [
      `${E}[0KRunning with gitlab-runner 17.5.0 (a1b2c3d4)${E}[0;m`,
      start(1700000000, 'prepare_executor', `${E}[0K${E}[36;1mPreparing the "docker" executor${E}[0;m`),
      `${E}[0KUsing Docker executor with image node:20 ...`,
      end(1700000003, 'prepare_executor'),
      start(1700000003, 'step_script', `${E}[0K${E}[36;1mExecuting "step_script" stage of the job script${E}[0;m`),
      `${E}[32;1m$ npm test${E}[0;m`,
      start(1700000004, 'unit', 'Unit tests', '[collapsed=true]'),
      'ok 1 - adds',
      'ok 2 - subtracts',
      end(1700000010, 'unit'),
      'all done',
      end(1700000011, 'step_script'),
      `${E}[32;1mJob succeeded${E}[0;m`,
      '',
    ].join('\n');
    const trace = parseJobTrace(raw);
    assert.deepEqual(trace.lines, [
      'Running with gitlab-runner 17.5.0 (a1b2c3d4)',
      'Preparing the "docker" executor',
      'Using Docker executor with image node:20 ...',
      'Executing "step_script" stage of the job script',
      '$ npm test',
      'Unit tests',
      'ok 1 - adds',
      'ok 2 - subtracts',
      'all done',
      'Job succeeded',
    ]);
    assert.deepEqual(trace.sections, [
      {
        name: 'prepare_executor',
        header: 'Preparing the "docker" executor',
        startLine: 1,
        endLine: 2,
        collapsed: false,
        depth: 0,
        durationMs: 3000,
      },
      {
        name: 'step_script',
        header: 'Executing "step_script" stage of the job script',
        startLine: 3,
        endLine: 8,
        collapsed: false,
        depth: 0,
        durationMs: 8000,
      },
      { name: 'unit', header: 'Unit tests', startLine: 5, endLine: 7, collapsed: true, depth: 1, durationMs: 6000 },
    ]);
    assert.equal(trace.text, trace.lines.join('\n'));
    assert.equal(trace.truncated, false);
    assert.doesNotMatch(trace.text, /\x1b|section_/);
  });

  it('takes hide_duration, sections without a header, unterminated and unmatched markers', () => {
    const raw = [
      start(10, 'a', '', '[collapsed=true,hide_duration=true]'),
      'inside a',
      start(11, 'b', 'B'),
      'inside b',
      end(20, 'a'),
      end(21, 'nobody'),
      'after',
      start(30, 'c', 'C'),
      'cancelled job ends here',
    ].join('\n');
    const { lines, sections } = parseJobTrace(raw);
    assert.deepEqual(lines, ['a', 'inside a', 'B', 'inside b', 'after', 'C', 'cancelled job ends here']);
    assert.deepEqual(sections, [
      { name: 'a', header: 'a', startLine: 0, endLine: 3, collapsed: true, depth: 0 },
      { name: 'b', header: 'B', startLine: 2, endLine: 3, collapsed: false, depth: 1 },
      { name: 'c', header: 'C', startLine: 5, endLine: 6, collapsed: false, depth: 0 },
    ]);
  });

  it('shows what a terminal shows: carriage-return progress, no escapes or control characters', () => {
    const raw = `Downloading 10%\rDownloading 50%\rDownloading 100%\r\n${E}]8;;https://evil.example${E}\\link${E}]8;;${E}\\ \u0007bell\u0000\ttab\r\nwindows line\r\n`;
    assert.deepEqual(parseJobTrace(raw).lines, ['Downloading 100%', 'link bell\ttab', 'windows line']);
  });

  it('keeps the end of a log larger than the bound, saying so', () => {
    const raw = `${'early line\n'.repeat(1000)}the failure\n`;
    const trace = parseJobTrace(raw, { maxChars: 100 });
    assert.equal(trace.truncated, true);
    assert.match(trace.lines[0], /^… \[log truncated: the first \d+ characters are not shown\]$/);
    assert.equal(trace.lines.at(-1), 'the failure');
    assert.ok(trace.text.length < 200);
  });

  it('copes with an empty log and a hostile one', () => {
    assert.deepEqual(parseJobTrace(''), { lines: [], text: '', sections: [], truncated: false, styles: [], runs: new Map() });
    const hostile = `${'section_start:1:x\r'.repeat(2000)}${E}[999999999999999999m${'\r'.repeat(1000)}`;
    const trace = parseJobTrace(hostile);
    assert.equal(trace.sections.length, 1, 'one start per line counts');
    assert.equal(trace.lines.length, 1);
  });

  it('keeps colours as runs on the shown lines, section headers included', () => {
    const raw = `${E}[0Ksection_start:1700000000:build[collapsed=true]\r${E}[0K${E}[36;1mBuilding${E}[0;m\n${E}[32mok${E}[0m   \n${E}[0Ksection_end:1700000005:build\r${E}[0K\n`;
    const trace = parseJobTrace(raw);
    assert.deepEqual(trace.lines, ['Building', 'ok']);
    const shown = (line: number) =>
      (trace.runs.get(line) ?? []).map((r) => ({ text: trace.lines[line].slice(r.start, r.end), ...trace.styles[r.style] }));
    assert.deepEqual(shown(0), [{ text: 'Building', fg: 'Cyan', bold: true }]);
    assert.deepEqual(shown(1), [{ text: 'ok', fg: 'Green' }], 'trailing spaces trimmed, the run with them');
  });
});
