/**
 * Terminal output (CI job logs) as text plus colour runs, the way a terminal shows it: SGR sequences (`ESC[…m`:
 * bold, dim, italic, underline, strike-through, inverse, the 8/16 ANSI colours, 256-colour and true-colour
 * foregrounds and backgrounds) become styled runs; every other escape sequence and control character is removed and
 * never shown; what a carriage return lets the terminal overwrite is dropped. Pure and linear in the text's size.
 */

/** A colour: one of the 16 ANSI names (drawn with the theme's terminal colours) or `#rrggbb`. */
export type TerminalColor = (typeof ANSI_NAMES)[number] | `#${string}`;

export interface TextStyle {
  fg?: TerminalColor;
  bg?: TerminalColor;
  bold?: true;
  dim?: true;
  italic?: true;
  underline?: true;
  strike?: true;
}

/** Characters `start` (inclusive) to `end` (exclusive) of one output line, drawn with `styles[style]`. */
export interface StyledRun {
  start: number;
  end: number;
  style: number;
}

/** The 16 colours in SGR order (30–37, then 90–97), named like VS Code's `terminal.ansi*` theme colours. */
export const ANSI_NAMES = [
  'Black',
  'Red',
  'Green',
  'Yellow',
  'Blue',
  'Magenta',
  'Cyan',
  'White',
  'BrightBlack',
  'BrightRed',
  'BrightGreen',
  'BrightYellow',
  'BrightBlue',
  'BrightMagenta',
  'BrightCyan',
  'BrightWhite',
] as const;

/**
 * Logs longer than this keep their end (where failures are), with a first line saying what was cut: a document opens
 * in well under 2 s, and the whole log is one "Open in browser" away (GitHub and GitLab cut long logs in their pages too).
 */
export const MAX_LOG_CHARS = 8 * 1024 * 1024;

/** The end of a log of at most `max` characters, cut at a line start; `cut` is how many characters were left out. */
export function keepLogEnd(raw: string, max = MAX_LOG_CHARS): { kept: string; cut: number } {
  if (raw.length <= max) return { kept: raw, cut: 0 };
  const from = raw.length - max;
  const nextLine = raw.indexOf('\n', from);
  const start = nextLine < 0 ? from : nextLine + 1;
  return { kept: raw.slice(start), cut: start };
}

/** The first line of a cut log. */
export function cutLogNotice(cut: number): string {
  return `… [log truncated: the first ${cut} characters are not shown]`;
}

/** Distinct styles a log may use; past this, further combinations are drawn plain (a hostile log cannot exhaust decorations). */
export const MAX_STYLES = 512;

// CSI (`ESC [` or 8-bit 0x9B) with parameter/intermediate bytes and a final byte; OSC up to BEL or ST; DCS/SOS/PM/APC;
// other 7-bit escapes. Group 1 is an SGR's parameters.
const ESCAPE = /(?:\x1b\[|\x9b)([0-?]*)([ -/]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[ -/]*[0-~]?/g;
// Controls other than tab (carriage returns are handled before).
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;

const HAS_CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;

/** The SGR state; one fixed shape, changed in place (millions of lines go through it). */
interface State {
  fg: TerminalColor | undefined;
  bg: TerminalColor | undefined;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  inverse: boolean;
}

function reset(state: State): void {
  state.fg = state.bg = undefined;
  state.bold = state.dim = state.italic = state.underline = state.strike = state.inverse = false;
}

/**
 * Decodes a log line by line, keeping the colour state across lines as a terminal does, and collecting the distinct
 * styles in `styles` (runs refer to them by index).
 */
export class TerminalDecoder {
  readonly styles: TextStyle[] = [];
  private readonly styleIndex = new Map<string, number>();
  private readonly state: State = {
    fg: undefined,
    bg: undefined,
    bold: false,
    dim: false,
    italic: false,
    underline: false,
    strike: false,
    inverse: false,
  };
  /** The style index in force, recomputed only after an SGR changed the state. */
  private style = -1;
  private styleStale = false;
  private readonly params: number[] = [];

  /** One raw line (no `\n`) → what a terminal shows of it, and its styled runs. */
  line(raw: string): { text: string; runs: StyledRun[] } {
    if (raw.indexOf('\x1b') < 0 && raw.indexOf('\x9b') < 0 && raw.indexOf('\r') < 0) {
      const text = HAS_CONTROL.test(raw) ? raw.replace(CONTROL, '') : raw;
      const style = this.currentStyle();
      return { text, runs: style >= 0 && text ? [{ start: 0, end: text.length, style }] : [] };
    }
    // A carriage return rewinds the cursor: only what follows the last one is visible, but earlier colour codes count.
    const lastReturn = raw.lastIndexOf('\r');
    if (lastReturn >= 0) {
      this.apply(raw.slice(0, lastReturn), undefined);
      return this.decode(raw.slice(lastReturn + 1));
    }
    return this.decode(raw);
  }

  private decode(segment: string): { text: string; runs: StyledRun[] } {
    const out = { text: '', runs: [] as StyledRun[] };
    this.apply(segment, out);
    return out;
  }

  /** Walks escapes; text between them goes to `out` (when given) with the style in force. */
  private apply(segment: string, out: { text: string; runs: StyledRun[] } | undefined): void {
    let at = 0;
    ESCAPE.lastIndex = 0;
    for (let match = ESCAPE.exec(segment); match; match = ESCAPE.exec(segment)) {
      if (out && match.index > at) this.emit(out, segment.slice(at, match.index));
      if (match[3] === 'm' && match[2] === '') this.sgr(match[1]);
      at = match.index + match[0].length;
    }
    if (out && at < segment.length) this.emit(out, segment.slice(at));
  }

  private emit(out: { text: string; runs: StyledRun[] }, raw: string): void {
    const text = HAS_CONTROL.test(raw) ? raw.replace(CONTROL, '') : raw;
    if (!text) return;
    const style = this.currentStyle();
    const start = out.text.length;
    out.text += text;
    if (style < 0) return;
    const last = out.runs.length > 0 ? out.runs[out.runs.length - 1] : undefined;
    if (last && last.style === style && last.end === start) last.end = out.text.length;
    else out.runs.push({ start, end: out.text.length, style });
  }

  /** Select Graphic Rendition: `;`-separated parameters (`:` sub-parameters of 38/48 accepted too). */
  private sgr(text: string): void {
    const codes = this.params;
    codes.length = 0;
    let value = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) value = value < 1e6 ? value * 10 + (c - 48) : value;
      else if (c === 59 || c === 58) {
        codes.push(value);
        value = 0;
      }
    }
    codes.push(value);
    const state = this.state;
    this.styleStale = true;
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i];
      if (code === 0) reset(state);
      else if (code === 1) state.bold = true;
      else if (code === 2) state.dim = true;
      else if (code === 3) state.italic = true;
      else if (code === 4) state.underline = true;
      else if (code === 7) state.inverse = true;
      else if (code === 9) state.strike = true;
      else if (code === 21 || code === 22) state.bold = state.dim = false;
      else if (code === 23) state.italic = false;
      else if (code === 24) state.underline = false;
      else if (code === 27) state.inverse = false;
      else if (code === 29) state.strike = false;
      else if (code >= 30 && code <= 37) state.fg = ANSI_NAMES[code - 30];
      else if (code >= 90 && code <= 97) state.fg = ANSI_NAMES[code - 90 + 8];
      else if (code === 39) state.fg = undefined;
      else if (code >= 40 && code <= 47) state.bg = ANSI_NAMES[code - 40];
      else if (code >= 100 && code <= 107) state.bg = ANSI_NAMES[code - 100 + 8];
      else if (code === 49) state.bg = undefined;
      else if (code === 38 || code === 48) {
        const { color, used } = extendedColor(codes, i + 1);
        if (color !== undefined) state[code === 38 ? 'fg' : 'bg'] = color;
        i += used;
      }
    }
  }

  /** The index of the style in force, or -1 for the default look. */
  private currentStyle(): number {
    if (!this.styleStale) return this.style;
    this.styleStale = false;
    const s = this.state;
    const fg = s.inverse ? (s.bg ?? 'Black') : s.fg;
    const bg = s.inverse ? (s.fg ?? 'White') : s.bg;
    if (!fg && !bg && !s.bold && !s.dim && !s.italic && !s.underline && !s.strike) return (this.style = -1);
    const key = `${fg ?? ''}|${bg ?? ''}|${s.bold ? 1 : 0}${s.dim ? 1 : 0}${s.italic ? 1 : 0}${s.underline ? 1 : 0}${s.strike ? 1 : 0}`;
    let index = this.styleIndex.get(key);
    if (index === undefined) {
      if (this.styles.length >= MAX_STYLES) return (this.style = -1);
      const style: TextStyle = {};
      if (fg) style.fg = fg;
      if (bg) style.bg = bg;
      if (s.bold) style.bold = true;
      if (s.dim) style.dim = true;
      if (s.italic) style.italic = true;
      if (s.underline) style.underline = true;
      if (s.strike) style.strike = true;
      index = this.styles.length;
      this.styles.push(style);
      this.styleIndex.set(key, index);
    }
    return (this.style = index);
  }
}

/** `5;n` (256-colour palette) or `2;r;g;b` (true colour) after a 38/48; how many parameters it took. */
function extendedColor(codes: readonly number[], at: number): { color?: TerminalColor; used: number } {
  if (codes[at] === 5) {
    const n = codes[at + 1];
    return { color: Number.isInteger(n) && n >= 0 && n <= 255 ? paletteColor(n) : undefined, used: 2 };
  }
  if (codes[at] === 2) {
    const rgb = codes.slice(at + 1, at + 4);
    const valid = rgb.length === 3 && rgb.every((c) => Number.isInteger(c) && c >= 0 && c <= 255);
    return { color: valid ? hex(rgb[0], rgb[1], rgb[2]) : undefined, used: 4 };
  }
  return { used: 0 };
}

/** xterm's 256 colours: the 16 ANSI ones, a 6×6×6 cube, then 24 greys. */
export function paletteColor(n: number): TerminalColor {
  if (n < 16) return ANSI_NAMES[n];
  if (n < 232) {
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    const i = n - 16;
    return hex(level(Math.floor(i / 36)), level(Math.floor(i / 6) % 6), level(i % 6));
  }
  const grey = 8 + (n - 232) * 10;
  return hex(grey, grey, grey);
}

function hex(r: number, g: number, b: number): `#${string}` {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** The runs of a line after its first `from` characters were cut off (a timestamp or marker), shifted to match. */
export function dropRunPrefix(runs: StyledRun[], from: number): StyledRun[] {
  if (from <= 0 || runs.length === 0) return runs;
  return runs.filter((r) => r.end > from).map((r) => ({ start: Math.max(0, r.start - from), end: r.end - from, style: r.style }));
}

/** The runs of a line once `count` characters were put before it (indentation, a prefix word). */
export function shiftRuns(runs: StyledRun[], count: number): StyledRun[] {
  return count === 0 ? runs : runs.map((r) => ({ start: r.start + count, end: r.end + count, style: r.style }));
}

/** A foldable part of a log: a GitHub `##[group]`, a GitLab section. Lines are 0-based, inclusive. */
export interface LogGroup {
  startLine: number;
  endLine: number;
  /** Folded when the log opens. */
  collapsed: boolean;
}

/** A log ready for a read-only document: its text, colour runs per line, and its groups. */
export interface StyledLog {
  text: string;
  styles: readonly TextStyle[];
  /** Line (0-based) → its runs; lines without colour are absent. */
  runs: ReadonlyMap<number, readonly StyledRun[]>;
  groups: readonly LogGroup[];
}
