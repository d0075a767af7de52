/**
 * Where in the workspace a stack frame or an alert annotation points.
 *
 * Frames name files as the running program saw them (`/usr/src/app/src/api/handler.ts`,
 * `webpack:///./src/api/handler.ts`, `app:///src/api/handler.ts`), which is rarely the path in
 * the repository. As error trackers' code mappings do, a frame path is first rewritten by the longest
 * matching `stackRoot` → `sourceRoot` mapping; failing that, it is matched by path suffix against
 * the workspace's files, the longest common suffix winning. Ties are broken by preferred roots
 * (the mapped `sourceRoot`s, the service's folder); when still tied the answer is "ambiguous",
 * never a guess.
 */

/** A code mapping (as error trackers have them): frame paths under `stackRoot` live under `sourceRoot` in the repository. */
export interface PathMapping {
  stackRoot: string;
  sourceRoot: string;
}

/** A location as a frame or an annotation reports it. */
export interface FrameLocation {
  path: string;
  line?: number;
  column?: number;
}

export type FrameMapping =
  | {
      status: 'mapped';
      /** Workspace-relative path with `/`. */
      path: string;
      line?: number;
      column?: number;
      /** How it was found: a code mapping, the frame path as is, or the longest path suffix. */
      via: 'mapping' | 'exact' | 'suffix';
      /** Trailing path segments the frame and the file share (1 = file name only). */
      matchedSegments: number;
    }
  | { status: 'ambiguous'; candidates: string[]; line?: number; column?: number }
  | { status: 'unmapped'; reason: string };

export interface MapFrameOptions {
  /** Workspace folders to prefer when several files match equally (e.g. the service's folder). */
  preferredRoots?: readonly string[];
}

// Longer paths are not file paths; refusing them keeps every step linear and small.
const MAX_PATH_CHARS = 4096;
const MAX_AMBIGUOUS_CANDIDATES = 10;
// Segments that hold third-party code: a frame inside one maps only to a workspace file under the same folder.
const DEPENDENCY_SEGMENTS = new Set(['node_modules', 'site-packages', 'dist-packages', 'bower_components']);

/** The workspace's files, indexed by file name for suffix matching. */
export class WorkspaceFileIndex {
  private readonly byName = new Map<string, string[]>();
  private readonly paths = new Set<string>();

  /** `paths` are workspace-relative (`src/app.ts`); backslashes and `./` are tolerated. */
  constructor(paths: Iterable<string> = []) {
    for (const path of paths) {
      this.add(path);
    }
  }

  add(path: string): void {
    const normalized = normalizeFramePath(path);
    if (!normalized || this.paths.has(normalized)) {
      return;
    }
    this.paths.add(normalized);
    const name = baseName(normalized);
    const list = this.byName.get(name);
    if (list) {
      list.push(normalized);
    } else {
      this.byName.set(name, [normalized]);
    }
  }

  has(path: string): boolean {
    return this.paths.has(path);
  }

  withName(name: string): readonly string[] {
    return this.byName.get(name) ?? [];
  }

  get size(): number {
    return this.paths.size;
  }
}

/**
 * A frame or reference path reduced to repository-like form: no scheme or host, no query or hash,
 * no drive letter, `/` separators, no `.` segments, `..` resolved, no leading `/`.
 * Undefined when nothing usable is left (`<anonymous>`, `node:internal/...`, empty, huge).
 */
export function normalizeFramePath(raw: string): string | undefined {
  let path = raw.trim();
  if (!path || path.length > MAX_PATH_CHARS || /^node:/i.test(path)) {
    return undefined;
  }
  path = path.replace(/\\/g, '/');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(path);
  if (scheme) {
    path = path.slice(scheme[0].length);
    const protocol = scheme[1].toLowerCase();
    if (protocol === 'http' || protocol === 'https') {
      // A URL's host is not part of the file's path.
      const slash = path.indexOf('/');
      path = slash < 0 ? '' : path.slice(slash);
    }
  }
  const cut = path.search(/[?#]/);
  if (cut >= 0) {
    path = path.slice(0, cut);
  }
  path = path.replace(/^\/?[a-zA-Z]:\//, '/').replace(/^~\//, '/');
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  if (segments.length === 0 || segments.some((s) => s.startsWith('<') || s === '[native code]')) {
    return undefined;
  }
  return segments.join('/');
}

/** Maps one frame (or annotation reference) to a workspace file; see the module comment for the rules. */
export function mapFrameToWorkspace(
  location: FrameLocation,
  index: WorkspaceFileIndex,
  mappings: readonly PathMapping[] = [],
  options: MapFrameOptions = {},
): FrameMapping {
  const normalized = normalizeFramePath(location.path);
  if (!normalized) {
    return { status: 'unmapped', reason: 'the frame has no usable file path' };
  }
  const segments = normalized.split('/');
  const position = positionOf(location);

  const applicable = applicableMappings(segments, mappings);
  for (const { stackRoot, sourceRoot } of applicable) {
    const candidate = [...sourceRoot, ...segments.slice(stackRoot.length)].join('/');
    if (index.has(candidate)) {
      return { status: 'mapped', path: candidate, ...position, via: 'mapping', matchedSegments: segments.length - stackRoot.length };
    }
  }
  if (index.has(normalized)) {
    return { status: 'mapped', path: normalized, ...position, via: 'exact', matchedSegments: segments.length };
  }

  const name = segments[segments.length - 1];
  const named = index.withName(name);
  if (named.length === 0) {
    return { status: 'unmapped', reason: `no workspace file named ${name}` };
  }
  // A frame inside a dependency folder only matches a file whose shared suffix includes that folder.
  const minimum = segments.length - lastDependencyIndex(segments);
  let best = 0;
  let tied: string[] = [];
  for (const candidate of named) {
    const shared = sharedSuffix(segments, candidate.split('/'));
    if (shared < minimum) {
      continue;
    }
    if (shared > best) {
      best = shared;
      tied = [candidate];
    } else if (shared === best) {
      tied.push(candidate);
    }
  }
  if (tied.length === 0) {
    return { status: 'unmapped', reason: `${normalized} is inside a dependency folder that is not in the workspace` };
  }
  if (tied.length > 1) {
    const roots = [...applicable.map((m) => m.sourceRoot), ...(options.preferredRoots ?? []).map(splitRoot)];
    const preferred = tied.filter((candidate) => roots.some((root) => root.length > 0 && isUnder(candidate.split('/'), root)));
    if (preferred.length === 1) {
      tied = preferred;
    } else {
      const list = (preferred.length > 1 ? preferred : tied).sort();
      return { status: 'ambiguous', candidates: list.slice(0, MAX_AMBIGUOUS_CANDIDATES), ...position };
    }
  }
  return { status: 'mapped', path: tied[0], ...position, via: 'suffix', matchedSegments: best };
}

/** A file and line named in free text: `path/to/file.ts:42`, `file.ts:42:7`, `.../blob/ref/file.ts#L42`. */
export interface FileReference {
  /** Normalised as by `normalizeFramePath`; for forge links, the path inside the repository. */
  path: string;
  line: number;
  column?: number;
  endLine?: number;
  /** Where the reference starts in the text. */
  offset: number;
}

// Tokens are runs of characters that can be part of a path or URL; scanning them with a single
// character class is linear, whatever the input (no nested quantifiers, no backtracking).
const TOKEN = /[^\s"'`<>()[\]{}|,;]+/g;
// Longer tokens are never file references; skipping them bounds the per-token work.
const MAX_TOKEN_CHARS = 1024;
const REFERENCE_HINT = /[:#]L?\d/;
const LINE_SUFFIX = /:(\d{1,7})(?::(\d{1,7}))?$/;
const LINE_FRAGMENT = /^L(\d{1,7})(?:C(\d{1,5}))?(?:-L?(\d{1,7})(?:C\d{1,5})?)?$/;
const EXTENSION = /\.([A-Za-z0-9_+-]{1,10})$/;
// A bare `name.ext:N` (no directory) counts only with these extensions, so that prose such as
// `dashboards.example.com:3000` or `db.internal:5432` is not read as a file reference.
const SOURCE_EXTENSIONS = new Set([
  'ts',
  'tsx',
  'mts',
  'cts',
  'js',
  'jsx',
  'mjs',
  'cjs',
  'vue',
  'svelte',
  'py',
  'pyx',
  'go',
  'rs',
  'java',
  'kt',
  'kts',
  'scala',
  'groovy',
  'gradle',
  'rb',
  'erb',
  'php',
  'cs',
  'fs',
  'vb',
  'c',
  'h',
  'cc',
  'cpp',
  'cxx',
  'hpp',
  'hh',
  'm',
  'mm',
  'swift',
  'dart',
  'ex',
  'exs',
  'erl',
  'hrl',
  'clj',
  'cljs',
  'lua',
  'pl',
  'pm',
  'sh',
  'bash',
  'zsh',
  'ps1',
  'sql',
  'yaml',
  'yml',
  'json',
  'toml',
  'ini',
  'cfg',
  'conf',
  'xml',
  'html',
  'htm',
  'css',
  'scss',
  'sass',
  'less',
  'md',
  'rst',
  'txt',
  'tf',
  'hcl',
  'proto',
  'graphql',
  'gql',
  'r',
  'jl',
  'zig',
  'elm',
  'hs',
  'ml',
  'mli',
  'ejs',
  'hbs',
  'j2',
  'jinja',
  'properties',
  'cshtml',
  'razor',
]);

/**
 * File references in free text such as alert annotations. Linear in the text's length (safe on
 * hostile megabyte strings), at most `limit` references, each path+line once, in text order.
 */
export function findFileReferences(text: string, limit = 50): FileReference[] {
  // Every reference has a `:N` or `#LN`; text without one (most prose) is not tokenised at all.
  if (typeof text !== 'string' || limit <= 0 || !REFERENCE_HINT.test(text)) {
    return [];
  }
  const found: FileReference[] = [];
  const seen = new Set<string>();
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    const token = match[0];
    if (token.length > MAX_TOKEN_CHARS || !REFERENCE_HINT.test(token)) {
      continue;
    }
    const reference = parseReferenceToken(token);
    if (!reference) {
      continue;
    }
    const key = `${reference.path}:${reference.line}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    const { lead, ...fields } = reference;
    found.push({ ...fields, offset: match.index + lead });
    if (found.length >= limit) {
      break;
    }
  }
  TOKEN.lastIndex = 0;
  return found;
}

type ParsedReference = Omit<FileReference, 'offset'> & { lead: number };

function parseReferenceToken(token: string): ParsedReference | undefined {
  // Markdown emphasis and sentence punctuation around a reference are not part of it.
  const leading = /^[*_~]*/.exec(token)![0].length;
  const core = token.slice(leading).replace(/[.:!?*_~]+$/, '');
  if (!core) {
    return undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(core)) {
    const reference = parseUrlReference(core);
    return reference ? { ...reference, lead: leading } : undefined;
  }
  // `key=path:42` in logfmt-style text: the path is after the last `=`.
  const key = core.lastIndexOf('=') + 1;
  const reference = parsePathReference(core.slice(key));
  return reference ? { ...reference, lead: leading + key } : undefined;
}

/** `https://forge/owner/repo/blob/<ref>/path#L42` or `/-/blob/<ref>/path#L42`. */
function parseUrlReference(text: string): Omit<ParsedReference, 'lead'> | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const lines = LINE_FRAGMENT.exec(url.hash.slice(1));
  if (!lines) {
    return undefined;
  }
  const segments = url.pathname.split('/');
  const blob = segments.indexOf('blob');
  // After `blob` comes the ref, then the path inside the repository.
  const inRepo = blob >= 0 ? segments.slice(blob + 2) : segments;
  let decoded: string;
  try {
    decoded = inRepo.map((s) => decodeURIComponent(s)).join('/');
  } catch {
    return undefined;
  }
  const path = normalizeFramePath(decoded);
  if (!path || !EXTENSION.test(path)) {
    return undefined;
  }
  return withLines(path, lines[1], lines[2], lines[3]);
}

function parsePathReference(candidate: string): Omit<ParsedReference, 'lead'> | undefined {
  let rawPath: string;
  let line: string;
  let column: string | undefined;
  let endLine: string | undefined;
  const hash = candidate.lastIndexOf('#');
  if (hash >= 0) {
    const lines = LINE_FRAGMENT.exec(candidate.slice(hash + 1));
    if (!lines) {
      return undefined;
    }
    rawPath = candidate.slice(0, hash);
    [, line, column, endLine] = lines;
  } else {
    const suffix = LINE_SUFFIX.exec(candidate);
    if (!suffix) {
      return undefined;
    }
    rawPath = candidate.slice(0, suffix.index);
    [, line, column] = suffix;
  }
  if (!isPlausibleFilePath(rawPath)) {
    return undefined;
  }
  const path = normalizeFramePath(rawPath);
  return path ? withLines(path, line, column, endLine) : undefined;
}

function isPlausibleFilePath(path: string): boolean {
  // A colon is allowed only as a Windows drive letter (`C:\src\app.ts`).
  if (path.length > 512 || path.replace(/^[a-zA-Z]:(?=[\\/])/, '').includes(':')) {
    return false;
  }
  const extension = EXTENSION.exec(path);
  if (!extension || !/[A-Za-z]/.test(extension[1])) {
    return false;
  }
  const hasDirectory = /[\\/]/.test(path.replace(/[\\/]+$/, ''));
  return hasDirectory || SOURCE_EXTENSIONS.has(extension[1].toLowerCase());
}

function withLines(path: string, line: string, column?: string, endLine?: string): Omit<ParsedReference, 'lead'> | undefined {
  const first = Number(line);
  if (!Number.isInteger(first) || first < 1) {
    return undefined;
  }
  const reference: Omit<ParsedReference, 'lead'> = { path, line: first };
  const col = column === undefined ? NaN : Number(column);
  if (Number.isInteger(col) && col >= 1) {
    reference.column = col;
  }
  const last = endLine === undefined ? NaN : Number(endLine);
  if (Number.isInteger(last) && last > first) {
    reference.endLine = last;
  }
  return reference;
}

function positionOf(location: FrameLocation): { line?: number; column?: number } {
  const position: { line?: number; column?: number } = {};
  if (Number.isInteger(location.line) && location.line! >= 1) {
    position.line = location.line;
  }
  if (Number.isInteger(location.column) && location.column! >= 1) {
    position.column = location.column;
  }
  return position;
}

interface SplitMapping {
  stackRoot: string[];
  sourceRoot: string[];
}

/** Mappings whose stack root is a prefix of the frame path, longest first. */
function applicableMappings(segments: readonly string[], mappings: readonly PathMapping[]): SplitMapping[] {
  const result: SplitMapping[] = [];
  for (const mapping of mappings) {
    const stackRoot = splitRoot(mapping.stackRoot);
    if (stackRoot.length < segments.length && isUnder(segments, stackRoot)) {
      result.push({ stackRoot, sourceRoot: splitRoot(mapping.sourceRoot) });
    }
  }
  return result.sort((a, b) => b.stackRoot.length - a.stackRoot.length);
}

function splitRoot(root: string): string[] {
  return normalizeFramePath(root ?? '')?.split('/') ?? [];
}

function isUnder(segments: readonly string[], root: readonly string[]): boolean {
  return root.every((segment, i) => segments[i] === segment);
}

function sharedSuffix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) {
    n++;
  }
  return n;
}

/** Index of the last dependency folder segment; the file name's index when none (any match counts). */
function lastDependencyIndex(segments: readonly string[]): number {
  for (let i = segments.length - 1; i >= 0; i--) {
    if (DEPENDENCY_SEGMENTS.has(segments[i])) {
      return i;
    }
  }
  return segments.length - 1;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
