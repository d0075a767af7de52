/**
 * Reads the output of `git cat-file --batch` as it streams, blob by blob and line by line, holding
 * at most one line of at most `maxLineBytes` in memory: a line longer than that (a garbage or hostile
 * report) is skipped as it passes, and every line before and after it is still read, however large
 * the note. Pure: it only sees chunks of bytes.
 */

export type NoteLine =
  | { blob: string; index: number; text: string }
  /** A line longer than the limit, skipped; `bytes` is its length. */
  | { blob: string; index: number; oversized: number };

export class NoteStreamParser {
  /** A header line, an object's content, or the newline cat-file writes after each content. */
  private state: 'header' | 'content' | 'trailer' = 'header';
  /** The header of the current object, until its newline. */
  private header: Buffer[] = [];
  /** The blob whose lines are being read (undefined while skipping another object's content). */
  private blob: string | undefined;
  /** Content bytes of the current object still to come. */
  private remaining = 0;
  private line: Buffer[] = [];
  private lineBytes = 0;
  private lineIndex = 0;
  private oversized = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: NoteLine) => void,
    /** An object that is missing or not a blob (its content, if any, is skipped). */
    private readonly onSkipped: (name: string, type: string) => void = () => undefined,
  ) {}

  write(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.state === 'header') {
        pos = this.readHeader(chunk, pos);
      } else if (this.state === 'trailer') {
        pos++;
        this.state = 'header';
      } else {
        const take = Math.min(this.remaining, chunk.length - pos);
        if (this.blob !== undefined) this.content(chunk.subarray(pos, pos + take));
        pos += take;
        this.remaining -= take;
        if (this.remaining === 0) this.endObject();
      }
    }
  }

  /** Call once the stream ended. */
  end(): void {
    if (this.state === 'content' && this.remaining === 0) this.endObject();
  }

  private readHeader(chunk: Buffer, pos: number): number {
    const eol = chunk.indexOf(0x0a, pos);
    if (eol < 0) {
      this.header.push(chunk.subarray(pos));
      return chunk.length;
    }
    this.header.push(chunk.subarray(pos, eol));
    const [name = '', type = '', sizeText] = Buffer.concat(this.header).toString('latin1').split(' ');
    this.header = [];
    const size = Number(sizeText);
    if (type === 'missing' || !Number.isSafeInteger(size)) {
      this.onSkipped(name, type);
      return eol + 1;
    }
    this.remaining = size;
    this.state = 'content';
    if (type === 'blob') {
      this.blob = name;
      this.lineIndex = 0;
    } else {
      this.onSkipped(name, type);
    }
    if (size === 0) this.endObject();
    return eol + 1;
  }

  private content(bytes: Buffer): void {
    let start = 0;
    while (start < bytes.length) {
      const eol = bytes.indexOf(0x0a, start);
      const end = eol < 0 ? bytes.length : eol;
      this.append(bytes.subarray(start, end));
      if (eol < 0) return;
      this.emitLine();
      start = eol + 1;
    }
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    this.lineBytes += part.length;
    if (this.lineBytes > this.maxLineBytes) {
      this.oversized = true;
      this.line = [];
    } else {
      this.line.push(part);
    }
  }

  private emitLine(): void {
    const blob = this.blob as string;
    const index = this.lineIndex++;
    if (this.oversized) this.onLine({ blob, index, oversized: this.lineBytes });
    else this.onLine({ blob, index, text: Buffer.concat(this.line).toString('utf8') });
    this.line = [];
    this.lineBytes = 0;
    this.oversized = false;
  }

  /** The content is complete: a note without a final newline still has a last line. */
  private endObject(): void {
    if (this.blob !== undefined && (this.lineBytes > 0 || this.oversized)) this.emitLine();
    this.blob = undefined;
    this.remaining = 0;
    this.state = 'trailer';
  }
}
