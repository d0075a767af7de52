/**
 * GitHub Actions job logs as readable text: ANSI/VT escape sequences removed (never shown raw),
 * carriage-return overwrites resolved as a terminal would, the per-line timestamps optionally
 * dropped, and the workflow-command markers (`##[group]`, `##[error]`, …) turned into plain text.
 */

// CSI (`ESC [` or the 8-bit `0x9B`) with parameter/intermediate bytes and a final byte; OSC
// (`ESC ]` … BEL or ST); other 7-bit escapes (`ESC` + one byte, optionally an intermediate).
const ANSI = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[ -/]*[0-~]?/g;
// Control characters other than tab and newline (carriage returns are handled separately).
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;
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
}

/** Splits a raw log into clean lines, one per visible line. */
export function parseJobLog(raw: string): LogLine[] {
  const lines: LogLine[] = [];
  let depth = 0;
  for (const rawLine of raw.replace(/\r\n/g, '\n').split('\n')) {
    // A lone CR rewinds the cursor: the terminal shows what was written after the last one.
    const visible = rawLine.slice(rawLine.lastIndexOf('\r') + 1);
    let text = stripAnsi(visible).replace(CONTROL, '');
    let time: number | undefined;
    const stamp = TIMESTAMP.exec(text);
    if (stamp) {
      time = Date.parse(stamp[0].trim());
      text = text.slice(stamp[0].length);
    }
    const marker = MARKER.exec(text);
    const kind = (marker?.[1] ?? 'plain') as LogLineKind;
    if (marker) {
      text = text.slice(marker[0].length);
    } else if (text.startsWith('[command]')) {
      text = text.slice('[command]'.length);
    }
    if (kind === 'endgroup') {
      depth = Math.max(0, depth - 1);
    }
    lines.push(time === undefined || Number.isNaN(time) ? { kind, text, depth } : { kind, text, time, depth });
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
  const out: string[] = [];
  for (const line of parseJobLog(raw)) {
    if (line.kind === 'endgroup') {
      continue;
    }
    const stamp = options.timestamps && line.time !== undefined ? `${new Date(line.time).toISOString()} ` : '';
    out.push(`${stamp}${'  '.repeat(line.depth)}${PREFIX[line.kind]}${line.text}`);
  }
  return out.join('\n');
}
