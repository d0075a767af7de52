import assert from 'node:assert/strict';
import { NoteStreamParser, type NoteLine } from '../../../../src/sources/git/noteStream';

/** The `git cat-file --batch` stream parser, fed the same bytes in every possible chunking. */
describe('git/noteStream (streamed cat-file --batch)', () => {
  const A = 'a'.repeat(40);
  const B = 'b'.repeat(40);
  const T = 't'.repeat(40);
  const object = (name: string, type: string, content: string) => `${name} ${type} ${Buffer.byteLength(content)}\n${content}\n`;
  const stream = Buffer.from(
    [
      object(A, 'blob', 'one\ntoo-long-line-here\n\nthree'),
      `${'c'.repeat(40)} missing\n`,
      object(T, 'tree', 'binary\n\0stuff'),
      object(B, 'blob', ''),
      object(B, 'blob', 'é\r\n'),
    ].join(''),
  );
  const expected: NoteLine[] = [
    { blob: A, index: 0, text: 'one' },
    { blob: A, index: 1, oversized: 18 },
    { blob: A, index: 2, text: '' },
    { blob: A, index: 3, text: 'three' },
    { blob: B, index: 0, text: 'é\r' },
  ];

  function parse(chunks: Buffer[]): { lines: NoteLine[]; skipped: string[] } {
    const lines: NoteLine[] = [];
    const skipped: string[] = [];
    const parser = new NoteStreamParser(
      10,
      (l) => lines.push(l),
      (name, type) => skipped.push(`${name.slice(0, 1)}:${type}`),
    );
    for (const c of chunks) parser.write(c);
    parser.end();
    return { lines, skipped };
  }

  it('reads lines of every blob, skips lines over the limit and non-blob objects, in one chunk', () => {
    assert.deepEqual(parse([stream]), { lines: expected, skipped: ['c:missing', 't:tree'] });
  });

  it('gives the same result however the stream is cut (every split point, and byte by byte)', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      assert.deepEqual(parse([stream.subarray(0, cut), stream.subarray(cut)]).lines, expected, `cut at ${cut}`);
    }
    assert.deepEqual(parse([...stream].map((b) => Buffer.from([b]))).lines, expected);
  });
});
