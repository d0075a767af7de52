/**
 * Where a line of an older commit is now: `git diff -U0 <commit> -- <paths>` lists, per file, the hunks
 * that changed between that commit and the working tree; a line outside every hunk moved by the lines
 * added and removed above it, a line inside one was changed or deleted, so what a tool said about it is
 * outdated. Pure: the git layer runs the diff, this reads it.
 */

/** One `@@ -a,b +c,d @@` header: `oldCount` lines from `oldStart` became `newCount` lines from `newStart`. */
export interface DiffHunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
}

export interface FileDiff {
  hunks: DiffHunk[];
  /** The file is gone from the working tree (every line outdated). */
  deleted: boolean;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * The hunks per old path of a multi-file `git diff -U0 --no-renames` (paths as git prints them after
 * `--- a/`, C-quoted ones unquoted). Files with no hunks are not listed: their lines did not move.
 */
export function parseDiff(diff: string): Map<string, FileDiff> {
  const files = new Map<string, FileDiff>();
  let current: FileDiff | undefined;
  let oldPath: string | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = undefined;
      oldPath = undefined;
    } else if (line.startsWith('--- ')) {
      oldPath = pathOf(line.slice(4), 'a/');
    } else if (line.startsWith('+++ ') && oldPath !== undefined) {
      current = { hunks: [], deleted: line.slice(4) === '/dev/null' };
      files.set(oldPath, current);
    } else if (current) {
      const m = HUNK.exec(line);
      if (m) {
        current.hunks.push({
          oldStart: Number(m[1]),
          oldCount: m[2] === undefined ? 1 : Number(m[2]),
          newStart: Number(m[3]),
          newCount: m[4] === undefined ? 1 : Number(m[4]),
        });
      }
    }
  }
  return files;
}

/** The line's number in the new file, or undefined when the line was changed or deleted. */
export function mapLine(diff: FileDiff | undefined, line: number): number | undefined {
  if (!diff) return line;
  if (diff.deleted) return undefined;
  let shift = 0;
  for (const h of diff.hunks) {
    // A pure insertion (`-a,0`) goes after old line `a`; a change covers old lines a..a+b-1.
    const firstTouched = h.oldCount === 0 ? h.oldStart + 1 : h.oldStart;
    if (line < firstTouched) break;
    if (h.oldCount > 0 && line < h.oldStart + h.oldCount) return undefined;
    shift += h.newCount - h.oldCount;
  }
  return line + shift;
}

/**
 * A range's place in the new file; undefined when any of its lines was changed or deleted (what the tool
 * said was about code that is no longer there). Lines inserted inside the range widen it.
 */
export function mapRange(diff: FileDiff | undefined, line: number, endLine = line): { line: number; endLine: number } | undefined {
  const last = Math.max(line, endLine);
  if (diff?.deleted) return undefined;
  if (diff?.hunks.some((h) => h.oldCount > 0 && h.oldStart <= last && h.oldStart + h.oldCount - 1 >= line)) return undefined;
  const start = mapLine(diff, line);
  const end = mapLine(diff, last);
  return start === undefined || end === undefined ? undefined : { line: start, endLine: end };
}

/** Lines of a file as they were in a commit: what a finding, an incident or a review thread points at. */
export interface CommitLines {
  /** Full SHA of the commit the lines refer to. */
  commit: string;
  /** Repository-relative path with `/`, in `commit`. */
  path: string;
  /** 1-based, in `commit`. */
  line: number;
  /** 1-based, inclusive. */
  endLine?: number;
}

/** Where a finding's lines are in the working tree; `null` when they were changed or deleted since its commit. */
export type Placement = { line: number; endLine: number } | null;

/**
 * Places findings on the working tree: one diff per commit (for the findings' paths), then each
 * range followed through the hunks (core/lineMap `mapRange`). A commit whose diff cannot be had (not
 * fetched) leaves its findings out of the answer: shown where the tool said.
 */
export async function placeFindings(
  findings: ReadonlyArray<{ id: string; finding: CommitLines }>,
  diffFrom: (commit: string, paths: readonly string[]) => Promise<Map<string, FileDiff>>,
  onError: (commit: string, error: unknown) => void = () => undefined,
): Promise<Map<string, Placement>> {
  const byCommit = new Map<string, Array<{ id: string; finding: CommitLines }>>();
  for (const f of findings) {
    const list = byCommit.get(f.finding.commit);
    if (list) list.push(f);
    else byCommit.set(f.finding.commit, [f]);
  }
  const out = new Map<string, Placement>();
  for (const [commit, list] of byCommit) {
    let diff: Map<string, FileDiff>;
    try {
      diff = await diffFrom(commit, [...new Set(list.map((f) => f.finding.path))]);
    } catch (error) {
      onError(commit, error);
      continue;
    }
    for (const { id, finding } of list)
      out.set(id, mapRange(diff.get(finding.path), finding.line, finding.endLine ?? finding.line) ?? null);
  }
  return out;
}

/** A path as git prints it after `--- `: `a/src/x.ts`, `"a/sp\303\251cial \"q\".ts"`, or `/dev/null`. */
function pathOf(raw: string, prefix: string): string | undefined {
  if (raw === '/dev/null') return undefined;
  const text = raw.startsWith('"') ? unquote(raw) : raw.replace(/\t$/, '');
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

/** git's C-style quoting: `\"`, `\\`, `\t`, `\n` and octal bytes of UTF-8. */
function unquote(quoted: string): string {
  const body = quoted.slice(1, quoted.lastIndexOf('"'));
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  const escapes: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      bytes.push(...encoder.encode(c));
      continue;
    }
    const next = body[i + 1];
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
