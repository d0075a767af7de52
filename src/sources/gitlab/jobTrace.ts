/**
 * A GitLab job log (`GET /projects/:id/jobs/:job_id/trace`) as clean text plus foldable ranges.
 * GitLab logs are terminal output: ANSI colours, carriage-return progress lines, and the markers of
 * collapsible sections that GitLab Runner and `.gitlab-ci.yml` scripts write:
 *
 *     \e[0Ksection_start:<unix seconds>:<name>[collapsed=true]\r\e[0K<header text>
 *     ...
 *     \e[0Ksection_end:<unix seconds>:<name>\r\e[0K
 *
 * The markers become ranges (header line → last line inside), with the section's duration from the
 * two timestamps; colours become styled runs and other escape sequences are removed, never shown
 * (core/terminalText); what a terminal would overwrite after a carriage return is dropped. Pure and
 * linear in the log's size.
 */
import { MAX_LOG_CHARS, type StyledRun, type TextStyle, TerminalDecoder, cutLogNotice, keepLogEnd } from '../../core/terminalText';

export interface TraceSection {
  /** The marker's section name, e.g. `step_script`. */
  name: string;
  /** The header line's text (the section name when the marker has none). */
  header: string;
  /** 0-based index in `lines` of the header line. */
  startLine: number;
  /** 0-based index of the section's last line (inclusive); equals `startLine` for an empty section. */
  endLine: number;
  /** `[collapsed=true]` on the start marker: the editor folds it at first. */
  collapsed: boolean;
  /** From the two markers' timestamps; absent when unterminated or `hide_duration=true`. */
  durationMs?: number;
  /** How many sections enclose it. */
  depth: number;
}

export interface ParsedTrace {
  lines: string[];
  /** `lines` joined with `\n`. */
  text: string;
  /** In order of their start lines. */
  sections: TraceSection[];
  /** True when the log was longer than `maxChars` and only its end is kept. */
  truncated: boolean;
  /** The colour styles the runs refer to. */
  styles: TextStyle[];
  /** Index in `lines` → its colour runs (lines without colour are absent). */
  runs: Map<number, StyledRun[]>;
}

/** Logs past this many characters keep their end (where failures are), marked as cut. */
export const MAX_TRACE_CHARS = MAX_LOG_CHARS;

const MARKER = /(?:\x1b\[0K)?section_(start|end):(\d{1,12}):([A-Za-z0-9_.:-]{1,200})(?:\[([^\]\r\n]{0,200})\])?\r(?:\x1b\[0K)?/g;

interface OpenSection {
  section: TraceSection;
  startedAt: number;
  hideDuration: boolean;
}

export function parseJobTrace(raw: string, options: { maxChars?: number } = {}): ParsedTrace {
  const { kept: input, cut } = keepLogEnd(raw, options.maxChars ?? MAX_TRACE_CHARS);
  const truncated = cut > 0;
  const lines: string[] = [];
  const decoder = new TerminalDecoder();
  const runs = new Map<number, StyledRun[]>();
  const sections: TraceSection[] = [];
  const open: OpenSection[] = [];
  if (truncated) {
    lines.push(cutLogNotice(cut));
  }
  const rawLines = input.replace(/\r\n/g, '\n').split('\n');
  if (rawLines.length > 0 && rawLines[rawLines.length - 1] === '') {
    rawLines.pop();
  }
  for (const rawLine of rawLines) {
    let started: { name: string; at: number; options: string } | undefined;
    const ended: { name: string; at: number }[] = [];
    // Most lines carry no marker: the replace (and its callback) only runs on those that may.
    const rest = !rawLine.includes('section_')
      ? rawLine
      : rawLine.replace(MARKER, (_m, kind: string, ts: string, name: string, opts: string | undefined) => {
          if (kind === 'start') {
            started ??= { name, at: Number(ts), options: opts ?? '' };
          } else {
            ended.push({ name, at: Number(ts) });
          }
          return '';
        });
    const decoded = decoder.line(rest);
    const visible = trimEnd(decoded.text);
    const lineRuns =
      visible.length === decoded.text.length
        ? decoded.runs
        : decoded.runs.filter((r) => r.start < visible.length).map((r) => ({ ...r, end: Math.min(r.end, visible.length) }));
    // A line that only closes sections shows nothing; its text, if any, lies after the section.
    for (const end of ended) {
      close(open, end, lines.length - 1);
    }
    if (started) {
      const section: TraceSection = {
        name: started.name,
        header: visible || started.name,
        startLine: lines.length,
        endLine: lines.length,
        collapsed: /(?:^|,)\s*collapsed\s*=\s*true\s*(?:,|$)/.test(started.options),
        depth: open.length,
      };
      sections.push(section);
      if (visible && lineRuns.length > 0) runs.set(lines.length, lineRuns);
      open.push({ section, startedAt: started.at, hideDuration: /(?:^|,)\s*hide_duration\s*=\s*true\s*(?:,|$)/.test(started.options) });
      lines.push(section.header);
      continue;
    }
    if (ended.length > 0 && visible === '') {
      continue;
    }
    if (lineRuns.length > 0) runs.set(lines.length, lineRuns);
    lines.push(visible);
  }
  // Sections a cancelled or still-running job never closed run to the end.
  for (const unterminated of open) {
    unterminated.section.endLine = Math.max(unterminated.section.startLine, lines.length - 1);
  }
  return { lines, text: lines.join('\n'), sections, truncated, styles: decoder.styles, runs };
}

/** Closes the innermost open section of that name, and any opened inside it (they never closed). */
function close(open: OpenSection[], end: { name: string; at: number }, lastLine: number): void {
  let index = -1;
  for (let i = open.length - 1; i >= 0; i--) {
    if (open[i].section.name === end.name) {
      index = i;
      break;
    }
  }
  if (index < 0) {
    return;
  }
  const [matched, ...inner] = open.splice(index);
  for (const entry of [matched, ...inner]) {
    entry.section.endLine = Math.max(entry.section.startLine, lastLine);
  }
  if (!matched.hideDuration && end.at >= matched.startedAt) {
    matched.section.durationMs = (end.at - matched.startedAt) * 1000;
  }
}

/** The text without trailing white space (a loop: a regex anchored at the end rescans long lines of spaces). */
function trimEnd(text: string): string {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  return end === text.length ? text : text.slice(0, end);
}
