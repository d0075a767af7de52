/**
 * GitHub Actions job logs as readable text: colours kept as styled runs and every other escape sequence removed
 * (core/terminalText; never shown raw), carriage-return overwrites resolved as a terminal would, the per-line
 * timestamps optionally dropped, the workflow-command markers (`##[error]`, …) turned into words and `##[group]`s
 * into foldable groups.
 */
import {
  type LogGroup,
  type StyledLog,
  type StyledRun,
  TerminalDecoder,
  cutLogNotice,
  dropRunPrefix,
  keepLogEnd,
  shiftRuns,
} from '../../core/terminalText';

// CSI (`ESC [` or the 8-bit `0x9B`) with parameter/intermediate bytes and a final byte; OSC
// (`ESC ]` … BEL or ST); other 7-bit escapes (`ESC` + one byte, optionally an intermediate).
const ANSI = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[ -/]*[0-~]?/g;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z ?/;
const MARKER = /^##\[(group|endgroup|error|warning|notice|debug|command|section)\]/;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export type LogLineKind = 'plain' | 'group' | 'endgroup' | 'error' | 'warning' | 'notice' | 'debug' | 'command' | 'section';

export interface LogLine {
  kind: LogLineKind;
  text: string;
  /** Epoch ms from GitHub's line prefix, when present. */
  time?: number;
  /** How many groups enclose this line. */
  depth: number;
  /** Colour runs of `text`. */
  runs: StyledRun[];
}

/** Splits a raw log into clean lines, one per visible line; `decoder` collects the colour styles. */
export function parseJobLog(raw: string, decoder = new TerminalDecoder(), options: { times?: boolean } = {}): LogLine[] {
  const times = options.times ?? true;
  const lines: LogLine[] = [];
  let depth = 0;
  for (const rawLine of raw.replace(/\r\n/g, '\n').split('\n')) {
    const decoded = decoder.line(rawLine);
    let text = decoded.text;
    let runs = decoded.runs;
    let time: number | undefined;
    const stamp = TIMESTAMP.exec(text);
    if (stamp) {
      if (times) time = Date.parse(stamp[0].trim());
      text = text.slice(stamp[0].length);
      runs = dropRunPrefix(runs, stamp[0].length);
    }
    const marker = MARKER.exec(text);
    const kind = (marker?.[1] ?? 'plain') as LogLineKind;
    const cut = marker ? marker[0].length : text.startsWith('[command]') ? '[command]'.length : 0;
    if (cut > 0) {
      text = text.slice(cut);
      runs = dropRunPrefix(runs, cut);
    }
    if (kind === 'endgroup') {
      depth = Math.max(0, depth - 1);
    }
    lines.push(time === undefined || Number.isNaN(time) ? { kind, text, depth, runs } : { kind, text, time, depth, runs });
    if (kind === 'group') {
      depth++;
    }
  }
  if (lines.length > 0 && lines[lines.length - 1].text === '' && lines[lines.length - 1].kind === 'plain') {
    lines.pop();
  }
  return lines;
}

const PREFIX: Record<LogLineKind, string> = {
  plain: '',
  group: '▸ ',
  endgroup: '',
  error: 'Error: ',
  warning: 'Warning: ',
  notice: 'Notice: ',
  debug: 'Debug: ',
  command: '$ ',
  section: '',
};

/** The log as plain text: no escapes, markers turned into words, groups indented, end markers dropped. */
export function cleanJobLog(raw: string, options: { timestamps?: boolean } = {}): string {
  return styledJobLog(raw, options).text;
}

/**
 * The log as a read-only document shows it: the text of `cleanJobLog`, its colours, and its groups to fold; a log past
 * `maxChars` (core/terminalText MAX_LOG_CHARS) keeps its end.
 */
export function styledJobLog(raw: string, options: { timestamps?: boolean; maxChars?: number } = {}): StyledLog {
  const decoder = new TerminalDecoder();
  const { kept, cut } = keepLogEnd(raw, options.maxChars);
  const out: string[] = cut > 0 ? [cutLogNotice(cut)] : [];
  const runs = new Map<number, StyledRun[]>();
  const groups: LogGroup[] = [];
  const open: number[] = [];
  for (const line of parseJobLog(kept, decoder, { times: options.timestamps === true })) {
    if (line.kind === 'endgroup') {
      const start = open.pop();
      if (start !== undefined && out.length - 1 > start) groups.push({ startLine: start, endLine: out.length - 1, collapsed: true });
      continue;
    }
    const stamp = options.timestamps && line.time !== undefined ? `${new Date(line.time).toISOString()} ` : '';
    const lead = `${stamp}${'  '.repeat(line.depth)}${PREFIX[line.kind]}`;
    if (line.runs.length > 0) runs.set(out.length, shiftRuns(line.runs, lead.length));
    if (line.kind === 'group') open.push(out.length);
    out.push(`${lead}${line.text}`);
  }
  // Groups a cancelled job never closed run to the end.
  for (const start of open) if (out.length - 1 > start) groups.push({ startLine: start, endLine: out.length - 1, collapsed: true });
  groups.sort((a, b) => a.startLine - b.startLine);
  return { text: out.join('\n'), styles: decoder.styles, runs, groups };
}
