import { shortSha } from './format';

/**
 * Release notes from commit messages — pure. Conventional Commits
 * (https://www.conventionalcommits.org/en/v1.0.0/) are grouped by type with breaking changes
 * first; other messages go to "Other changes". References to pull and merge requests and tracker issues
 * are collected from subjects and bodies.
 */

/** The commit fields this module reads (sources/git `CommitRecord` satisfies it). */
export interface CommitLike {
  sha: string;
  subject: string;
  body: string;
  parents?: readonly string[];
  authorName?: string;
}

export type ReferenceKind = 'issue' | 'mergeRequest' | 'issueKey';

export interface Reference {
  /**
   * `issue`: a forge's issue or pull request (`#123`, `GH-123`, `owner/repo#123`); `mergeRequest`: `!45`;
   * `issueKey`: a tracker's project-key reference (`PROJ-7`).
   */
  kind: ReferenceKind;
  /** As written, normalised: `#123`, `owner/repo#123`, `!45`, `PROJ-7` (`GH-123` becomes `#123`). */
  key: string;
  /** The number (issue, pull or merge request number, or the number after the project key). */
  number: number;
  /** `owner/repo` for cross-repository references; the project key of an `issueKey`. */
  scope?: string;
}

export interface ConventionalCommit {
  /** Lower-case type (`feat`, `fix`...), undefined when the subject is not conventional. */
  type?: string;
  scope?: string;
  description: string;
  breaking: boolean;
  /** Text of a `BREAKING CHANGE:` footer, or the description when only `!` marks it. */
  breakingNote?: string;
}

export interface ReleaseNoteEntry {
  sha: string;
  type?: string;
  scope?: string;
  description: string;
  breaking: boolean;
  breakingNote?: string;
  author?: string;
  references: Reference[];
}

export interface ReleaseNoteSection {
  /** `breaking`, a commit type, or `other`. */
  id: string;
  title: string;
  entries: ReleaseNoteEntry[];
}

export interface ReleaseNotes {
  /** Range ends as the caller named them (e.g. `v1.4.1`, `HEAD`); `from` undefined = from the beginning. */
  from?: string;
  to: string;
  sections: ReleaseNoteSection[];
  /** Every distinct reference, in order of first appearance. */
  references: Reference[];
  commitCount: number;
}

export interface ReleaseNotesOptions {
  from?: string;
  to: string;
  /** Include merge commits as entries (their references are collected either way). Default false. */
  includeMerges?: boolean;
  /** Restrict `PROJ-7` keys to these projects (e.g. ['PROJ']); default: any key-like token but well-known non-tracker prefixes. */
  projectKeys?: readonly string[];
}

/** Section order after "Breaking changes"; unknown types go to "Other changes". */
const TYPE_TITLES: ReadonlyArray<[string, string]> = [
  ['feat', 'Features'],
  ['fix', 'Bug fixes'],
  ['perf', 'Performance'],
  ['revert', 'Reverts'],
  ['refactor', 'Refactoring'],
  ['docs', 'Documentation'],
  ['test', 'Tests'],
  ['build', 'Build'],
  ['ci', 'Continuous integration'],
  ['style', 'Style'],
  ['chore', 'Chores'],
];
const TYPE_ALIASES: Record<string, string> = { feature: 'feat', bugfix: 'fix', tests: 'test', doc: 'docs' };

const SUBJECT_RE = /^([A-Za-z]+)(?:\(([^()\r\n]*)\))?(!)?: +(.+)$/;
const BREAKING_FOOTER_RE = /^BREAKING[ -]CHANGE: ?(.*)$/;
const FOOTER_RE = /^[A-Za-z][A-Za-z-]*(?:: | #)/;
const REVERT_RE = /^Revert "(.+)"$/;

export function parseConventionalCommit(subject: string, body = ''): ConventionalCommit {
  const footer = breakingFooter(body);
  const footerNote = footer || undefined;
  const match = SUBJECT_RE.exec(subject.trim());
  if (!match) {
    const revert = REVERT_RE.exec(subject.trim());
    if (revert) {
      return {
        type: 'revert',
        description: revert[1],
        breaking: footer !== null,
        ...(footer !== null ? { breakingNote: footerNote ?? revert[1] } : {}),
      };
    }
    return {
      description: subject.trim(),
      breaking: footer !== null,
      ...(footer !== null ? { breakingNote: footerNote ?? subject.trim() } : {}),
    };
  }
  const rawType = match[1].toLowerCase();
  const type = TYPE_ALIASES[rawType] ?? rawType;
  const scope = match[2]?.trim() || undefined;
  const description = match[4].trim();
  const breaking = match[3] === '!' || footer !== null;
  return {
    type,
    ...(scope ? { scope } : {}),
    description,
    breaking,
    ...(breaking ? { breakingNote: footerNote ?? description } : {}),
  };
}

/**
 * The text of a `BREAKING CHANGE:` (or `BREAKING-CHANGE:`) footer up to the next footer; '' when
 * the footer is empty, null when there is none.
 */
function breakingFooter(body: string): string | null {
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = BREAKING_FOOTER_RE.exec(lines[i]);
    if (!match) {
      continue;
    }
    const text = [match[1]];
    for (let j = i + 1; j < lines.length && !FOOTER_RE.test(lines[j]); j++) {
      text.push(lines[j]);
    }
    return text.join(' ').replace(/\s+/g, ' ').trim();
  }
  return null;
}

/** Prefixes that look like project keys but are standards and encodings. */
const NOT_PROJECT_KEYS = new Set([
  'UTF',
  'SHA',
  'ISO',
  'RFC',
  'CVE',
  'CWE',
  'GHSA',
  'HTTP',
  'TLS',
  'SSL',
  'MD',
  'AES',
  'RSA',
  'ECMA',
  'ES',
  'IEEE',
  'GH',
  'X',
  'WIP',
]);

const ISSUE_RE = /(?<![\w/#!-])(?:([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+))?#(\d{1,9})\b/g;
const GH_RE = /(?<![\w-])GH-(\d{1,9})\b/g;
const MR_RE = /(?<![\w/!#-])(?:([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+))?!(\d{1,9})\b/g;
const ISSUE_KEY_RE = /(?<![\w-])([A-Z][A-Z0-9_]{1,19})-(\d{1,9})\b/g;

/** References in a text, in order of appearance, each once. */
export function findReferences(text: string, projectKeys?: readonly string[]): Reference[] {
  const found: Array<{ at: number; ref: Reference }> = [];
  for (const m of text.matchAll(ISSUE_RE)) {
    const scope = m[1];
    found.push({
      at: m.index ?? 0,
      ref: { kind: 'issue', key: `${scope ?? ''}#${m[2]}`, number: Number(m[2]), ...(scope ? { scope } : {}) },
    });
  }
  for (const m of text.matchAll(GH_RE)) {
    found.push({ at: m.index ?? 0, ref: { kind: 'issue', key: `#${m[1]}`, number: Number(m[1]) } });
  }
  for (const m of text.matchAll(MR_RE)) {
    const scope = m[1];
    found.push({
      at: m.index ?? 0,
      ref: { kind: 'mergeRequest', key: `${scope ?? ''}!${m[2]}`, number: Number(m[2]), ...(scope ? { scope } : {}) },
    });
  }
  const projects = projectKeys ? new Set(projectKeys) : undefined;
  for (const m of text.matchAll(ISSUE_KEY_RE)) {
    const project = m[1];
    if (projects ? !projects.has(project) : NOT_PROJECT_KEYS.has(project)) {
      continue;
    }
    found.push({ at: m.index ?? 0, ref: { kind: 'issueKey', key: `${project}-${m[2]}`, number: Number(m[2]), scope: project } });
  }
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const refs: Reference[] = [];
  for (const { ref } of found) {
    const id = `${ref.kind}:${ref.key}`;
    if (!seen.has(id)) {
      seen.add(id);
      refs.push(ref);
    }
  }
  return refs;
}

/** Groups commits (newest first, as `git log` gives them) into release-note sections. */
export function buildReleaseNotes(commits: readonly CommitLike[], options: ReleaseNotesOptions): ReleaseNotes {
  const breaking: ReleaseNoteEntry[] = [];
  const byType = new Map<string, ReleaseNoteEntry[]>();
  const other: ReleaseNoteEntry[] = [];
  const allRefs: Reference[] = [];
  const seenRefs = new Set<string>();
  const known = new Set(TYPE_TITLES.map(([type]) => type));

  for (const commit of commits) {
    const references = findReferences(`${commit.subject}\n${commit.body}`, options.projectKeys);
    for (const ref of references) {
      const id = `${ref.kind}:${ref.key}`;
      if (!seenRefs.has(id)) {
        seenRefs.add(id);
        allRefs.push(ref);
      }
    }
    if ((commit.parents?.length ?? 1) > 1 && !options.includeMerges) {
      continue;
    }
    const parsed = parseConventionalCommit(commit.subject, commit.body);
    const entry: ReleaseNoteEntry = {
      sha: commit.sha,
      description: parsed.description,
      breaking: parsed.breaking,
      references,
      ...(parsed.type ? { type: parsed.type } : {}),
      ...(parsed.scope ? { scope: parsed.scope } : {}),
      ...(parsed.breakingNote ? { breakingNote: parsed.breakingNote } : {}),
      ...(commit.authorName ? { author: commit.authorName } : {}),
    };
    if (entry.breaking) {
      breaking.push(entry);
    } else if (entry.type && known.has(entry.type)) {
      const list = byType.get(entry.type) ?? [];
      list.push(entry);
      byType.set(entry.type, list);
    } else {
      other.push(entry);
    }
  }

  const sections: ReleaseNoteSection[] = [];
  if (breaking.length > 0) {
    sections.push({ id: 'breaking', title: 'Breaking changes', entries: breaking });
  }
  for (const [type, title] of TYPE_TITLES) {
    const entries = byType.get(type);
    if (entries) {
      sections.push({ id: type, title, entries });
    }
  }
  if (other.length > 0) {
    sections.push({ id: 'other', title: 'Other changes', entries: other });
  }
  return { ...(options.from ? { from: options.from } : {}), to: options.to, sections, references: allRefs, commitCount: commits.length };
}

export interface RenderOptions {
  /** Heading; default `Changes from <from> to <to>`. */
  title?: string;
  /** A URL for a reference (e.g. the forge's issue page), or undefined to print it as text. */
  referenceUrl?: (ref: Reference) => string | undefined;
  /** A URL for a commit, or undefined to print the short SHA as code. */
  commitUrl?: (sha: string) => string | undefined;
  /** The title of what a reference names (a merge request, an issue), when a service knows it. */
  referenceTitle?: (ref: Reference) => string | undefined;
  /** `type` (default): Conventional Commit sections; `issue`: one section per tracker key (`PROJ-7`), the rest after. */
  groupBy?: 'type' | 'issue';
}

/**
 * The notes regrouped by tracker issue: one section per `PROJ-7` key in order of first appearance
 * (a commit naming two keys is under both), breaking changes kept first, commits naming no key last.
 */
export function groupByIssue(notes: ReleaseNotes): ReleaseNotes {
  const entries = notes.sections.filter((s) => s.id !== 'breaking').flatMap((s) => s.entries);
  const breaking = notes.sections.filter((s) => s.id === 'breaking');
  const keys = notes.references.filter((r) => r.kind === 'issueKey');
  const sections: ReleaseNoteSection[] = [...breaking];
  for (const key of keys) {
    const list = entries.filter((e) => e.references.some((r) => r.kind === 'issueKey' && r.key === key.key));
    if (list.length) sections.push({ id: `issue:${key.key}`, title: key.key, entries: list });
  }
  const rest = entries.filter((e) => !e.references.some((r) => r.kind === 'issueKey'));
  if (rest.length) sections.push({ id: 'other', title: 'Other changes', entries: rest });
  return { ...notes, sections };
}

/** Markdown for the notes. Every commit-derived string is escaped, so messages cannot inject links, HTML or markup. */
export function renderReleaseNotesMarkdown(notes: ReleaseNotes, options: RenderOptions = {}): string {
  const title = options.title ?? (notes.from ? `Changes from ${notes.from} to ${notes.to}` : `Changes up to ${notes.to}`);
  const lines: string[] = [`# ${escapeMarkdown(title)}`, ''];
  if (options.groupBy === 'issue') notes = groupByIssue(notes);
  if (notes.sections.length === 0) {
    lines.push('No changes.', '');
  }
  for (const section of notes.sections) {
    const issue = section.id.startsWith('issue:')
      ? notes.references.find((r) => r.kind === 'issueKey' && r.key === section.title)
      : undefined;
    const issueTitle = issue && options.referenceTitle?.(issue);
    lines.push(
      issue
        ? `## ${link(escapeMarkdown(issue.key), options.referenceUrl?.(issue))}${issueTitle ? `: ${escapeMarkdown(oneLineText(issueTitle))}` : ''}`
        : `## ${section.title}`,
      '',
    );
    for (const entry of section.entries) {
      const scope = entry.scope ? `**${escapeMarkdown(entry.scope)}:** ` : '';
      const text = section.id === 'breaking' ? (entry.breakingNote ?? entry.description) : entry.description;
      const type = section.id === 'breaking' && entry.type ? `${escapeMarkdown(entry.type)}: ` : '';
      const commit = link(`\`${shortSha(entry.sha)}\``, options.commitUrl?.(entry.sha));
      const refs = entry.references.map((ref) => link(escapeMarkdown(ref.key), options.referenceUrl?.(ref))).join(', ');
      lines.push(`- ${type}${scope}${escapeMarkdown(oneLineText(text))} (${commit}${refs ? `, ${refs}` : ''})`);
    }
    lines.push('');
  }
  if (notes.references.length > 0) {
    lines.push('## References', '');
    const titled = notes.references.filter((ref) => options.referenceTitle?.(ref));
    const untitled = notes.references.filter((ref) => !options.referenceTitle?.(ref));
    for (const ref of titled) {
      lines.push(
        `- ${link(escapeMarkdown(ref.key), options.referenceUrl?.(ref))}: ${escapeMarkdown(oneLineText(options.referenceTitle!(ref)!))}`,
      );
    }
    if (titled.length > 0) lines.push('');
    if (untitled.length > 0) lines.push(untitled.map((ref) => link(escapeMarkdown(ref.key), options.referenceUrl?.(ref))).join(', '), '');
  }
  return lines.join('\n');
}

/**
 * Escapes inline Markdown and HTML metacharacters in untrusted one-line text. Block syntax (`#`,
 * `-`, `1.` at a line start) cannot arise: every line we render starts with our own prefix.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]|<>~&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

function oneLineText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

function link(text: string, url: string | undefined): string {
  if (!url || !/^https?:\/\//i.test(url)) {
    return text;
  }
  return `[${text}](${url.replace(/[()\s]/g, encodeURIComponent)})`;
}
