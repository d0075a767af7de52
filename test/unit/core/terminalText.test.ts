import assert from 'node:assert/strict';
import { MAX_STYLES, TerminalDecoder, dropRunPrefix, paletteColor, shiftRuns } from '../../../src/core/terminalText';

const E = '\x1b';

/** The decoded line as `[text, [[start, end, style], …]]` with styles spelled out. */
function decode(...raw: string[]) {
  const decoder = new TerminalDecoder();
  return raw.map((line) => {
    const { text, runs } = decoder.line(line);
    return { text, runs: runs.map((r) => ({ text: text.slice(r.start, r.end), ...decoder.styles[r.style] })) };
  });
}

describe('core/terminalText (ANSI SGR)', () => {
  it('turns the 16 colours, bold, italic, underline and resets into runs', () => {
    const [line] = decode(`${E}[31mred${E}[0m plain ${E}[1;92mbold bright green${E}[22m not bold${E}[39m ${E}[3;4mit${E}[m`);
    assert.equal(line.text, 'red plain bold bright green not bold it');
    assert.deepEqual(line.runs, [
      { text: 'red', fg: 'Red' },
      { text: 'bold bright green', fg: 'BrightGreen', bold: true },
      { text: ' not bold', fg: 'BrightGreen' },
      { text: 'it', italic: true, underline: true },
    ]);
  });

  it('reads 256-colour and true-colour foregrounds and backgrounds, with ; or : separators', () => {
    const [line] = decode(`${E}[38;5;196mA${E}[48;5;21mB${E}[0m${E}[38:2:10:20:30mC${E}[38;5;3mD${E}[38;5;244mE`);
    assert.deepEqual(line.runs, [
      { text: 'A', fg: '#ff0000' },
      { text: 'B', fg: '#ff0000', bg: '#0000ff' },
      { text: 'C', fg: '#0a141e' },
      { text: 'D', fg: 'Yellow' },
      { text: 'E', fg: '#808080' },
    ]);
    assert.equal(paletteColor(16), '#000000');
    assert.equal(paletteColor(231), '#ffffff');
    assert.equal(paletteColor(232), '#080808');
  });

  it('keeps the colour across lines as a terminal does, until a reset', () => {
    const [a, b, c] = decode(`${E}[33mwarn`, 'still yellow', `${E}[0mplain`);
    assert.deepEqual([a.runs, b.runs, c.runs], [[{ text: 'warn', fg: 'Yellow' }], [{ text: 'still yellow', fg: 'Yellow' }], []]);
  });

  it('swaps colours for inverse, and drops what a carriage return overwrites but keeps its colour codes', () => {
    const [inv] = decode(`${E}[7;34mx`);
    assert.deepEqual(inv.runs, [{ text: 'x', fg: 'Black', bg: 'Blue' }]);
    const [progress] = decode(`10%${E}[32m\r50%\r100% done`);
    assert.deepEqual(progress, { text: '100% done', runs: [{ text: '100% done', fg: 'Green' }] });
  });

  it('never shows other escapes or control characters, and survives hostile parameters', () => {
    const [line] = decode(
      `a${E}]8;;https://evil.example${E}\\link${E}]8;;${E}\\b${E}[2Jc\x07d${E}[38;5;999me${E}[38;2;1;2mf${E}[99999999999999999999m`,
    );
    assert.equal(line.text, 'alinkbcdef');
    assert.ok(line.runs.every((r) => r.fg === undefined || /^#|^[A-Z]/.test(r.fg)));
  });

  it('caps the number of distinct styles a log can make', () => {
    const decoder = new TerminalDecoder();
    for (let r = 0; r < 30; r++) for (let g = 0; g < 30; g++) decoder.line(`${E}[38;2;${r};${g};0mx`);
    assert.equal(decoder.styles.length, MAX_STYLES);
    const past = decoder.line(`${E}[38;2;255;255;255mbeyond`);
    assert.deepEqual(past.runs, [], 'drawn plain, not dropped');
    assert.equal(past.text, 'beyond');
  });

  it('moves runs when a prefix is cut off or put before the text', () => {
    const runs = [
      { start: 0, end: 5, style: 0 },
      { start: 5, end: 9, style: 1 },
    ];
    assert.deepEqual(dropRunPrefix(runs, 6), [{ start: 0, end: 3, style: 1 }]);
    assert.deepEqual(shiftRuns(runs, 2), [
      { start: 2, end: 7, style: 0 },
      { start: 7, end: 11, style: 1 },
    ]);
  });
});
