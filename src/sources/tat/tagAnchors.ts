/**
 * What a Tat message's `key:value` tags say it is about, as anchors: `commit:<sha>` (a full SHA;
 * a short one stays a tag, since anchors hold full SHAs only), `branch:`, `env:` / `environment:`,
 * `repo:` (a repository identity, `host/owner/name`) and `file:<path>[:<line>[-<end>]]` (a
 * repository-relative path). Anything malformed stays a plain tag and anchors nothing.
 */
import type { Anchors, FileAnchor } from '../../core/signal';

const FULL_SHA = /^[0-9a-f]{40}$/;
const REPO = /^[a-z0-9][a-z0-9.-]*(:\d+)?(\/[A-Za-z0-9_][A-Za-z0-9._-]*){1,20}$/;

export function anchorsFromTags(tags: readonly string[]): Anchors {
  const anchors: Anchors = {};
  const commits = new Set<string>();
  const files: FileAnchor[] = [];
  for (const t of tags) {
    const colon = t.indexOf(':');
    if (colon <= 0) continue;
    const key = t.slice(0, colon).toLowerCase();
    const value = t.slice(colon + 1);
    if (value === '') continue;
    switch (key) {
      case 'commit':
      case 'sha':
        if (FULL_SHA.test(value.toLowerCase())) commits.add(value.toLowerCase());
        break;
      case 'branch':
        anchors.branch ??= value.slice(0, 255);
        break;
      case 'env':
      case 'environment':
        anchors.environment ??= value.slice(0, 64);
        break;
      case 'repo':
        if (REPO.test(value)) anchors.repo ??= value.toLowerCase();
        break;
      case 'file': {
        const file = fileAnchor(value);
        if (file && files.length < 20) files.push(file);
        break;
      }
    }
  }
  if (commits.size) anchors.commits = [...commits];
  if (files.length) anchors.files = files;
  return anchors;
}

/** `src/a.ts`, `src/a.ts:12`, `src/a.ts:12-20`; absolute paths, `..` and control characters are refused. */
export function fileAnchor(value: string): FileAnchor | undefined {
  const m = /^(.+?)(?::(\d{1,7})(?:-(\d{1,7}))?)?$/.exec(value);
  if (!m) return undefined;
  const path = m[1];
  if (path.length > 1024 || path.startsWith('/') || path.split('/').some((s) => s === '..' || s === '') || /[\u0000-\u001f\\]/.test(path)) {
    return undefined;
  }
  const file: FileAnchor = { path };
  if (m[2] !== undefined) {
    const line = Number(m[2]);
    if (line < 1) return undefined;
    file.line = line;
    if (m[3] !== undefined && Number(m[3]) >= line) file.endLine = Number(m[3]);
  }
  return file;
}
