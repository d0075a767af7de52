import { Logger } from '../../core/logger';
import { isFullSha } from './gitRunner';
import { NoteStreamParser, type NoteLine } from './noteStream';
import {
  DeployReport,
  IncidentReport,
  IncidentResolution,
  LIMITS,
  NewDeploy,
  NewIncident,
  Report,
  Reporter,
  newDeployReport,
  newIncidentReport,
  newIncidentResolution,
  parseReportLine,
  serializeReport,
} from './reports';
import { GitRepository } from './repository';

/**
 * The deploy and incident journal stored as git notes (see reports.ts for the line format).
 *
 * Reading costs two processes whatever the size: `git notes list` and one `git cat-file --batch`
 * for every note blob; the parsed result is cached by the notes ref's tip, so an unchanged journal
 * costs one `rev-parse`. Writing never rewrites existing bytes: the new line is appended to the
 * note's exact previous content (garbage and foreign lines included), stored with
 * `hash-object` + `notes add -C`, which, unlike `-m`/`-F`, keeps the bytes as they are.
 */

export const NOTES_REF = 'refs/notes/devops-feedback';

export interface NotesJournalOptions {
  ref?: string;
  logger?: Logger;
}

export class NotesJournal {
  readonly ref: string;
  private readonly logger: Logger;
  private cache: { tip: string; reports: Report[] } | undefined;

  constructor(
    readonly repo: GitRepository,
    options: NotesJournalOptions = {},
  ) {
    this.ref = options.ref ?? NOTES_REF;
    this.logger = options.logger ?? repo.logger;
  }

  /** The notes ref's current commit, or undefined before the first report. */
  async tip(signal?: AbortSignal): Promise<string | undefined> {
    const out = await this.repo.git.text(['rev-parse', '--verify', '--quiet', `${this.ref}^{commit}`], { okExitCodes: [0, 1], signal });
    const sha = out.trim();
    return isFullSha(sha) ? sha : undefined;
  }

  /**
   * Every valid report of the journal, ordered by `reportedAt` (then id); a report id seen twice is
   * kept once. Invalid lines are skipped with a warning, once per journal version.
   */
  async readAll(signal?: AbortSignal): Promise<Report[]> {
    const tip = await this.tip(signal);
    if (!tip) {
      return [];
    }
    if (this.cache?.tip === tip) {
      return [...this.cache.reports];
    }
    const list = await this.repo.git.text(['notes', '--ref', this.ref, 'list'], { signal });
    const notes: Array<{ blob: string; commit: string }> = [];
    for (const line of list.split('\n')) {
      const [blob, commit] = line.split(' ');
      if (isFullSha(blob ?? '') && isFullSha(commit ?? '')) {
        notes.push({ blob, commit });
      }
    }
    const byId = new Map<string, Report>();
    for (const report of await this.readNotes(notes, signal)) {
      if (!byId.has(report.id)) {
        byId.set(report.id, report);
      }
    }
    const reports = [...byId.values()].sort(compareReports);
    this.cache = { tip, reports };
    return [...reports];
  }

  /** The valid reports of one commit's note. */
  async readCommit(commit: string, signal?: AbortSignal): Promise<Report[]> {
    const blob = await this.noteBlob(commit, signal);
    return blob ? (await this.readNotes([{ blob, commit }], signal)).sort(compareReports) : [];
  }

  /**
   * Appends one validated report to the note of `report.commit`. Existing content is preserved byte
   * for byte. Writes from this process are serialised per repository and ref.
   */
  async append(report: Report, signal?: AbortSignal): Promise<void> {
    const line = serializeReport(report);
    await withJournalLock(this.repo, this.ref, async () => {
      const existing = (await this.noteContent(report.commit, signal)) ?? Buffer.alloc(0);
      const separator = existing.length > 0 && existing[existing.length - 1] !== 0x0a ? '\n' : '';
      const content = Buffer.concat([existing, Buffer.from(`${separator}${line}\n`, 'utf8')]);
      const blob = (await this.repo.git.text(['hash-object', '-w', '--no-filters', '--stdin'], { stdin: content, signal })).trim();
      await this.repo.git.run(['notes', '--ref', this.ref, 'add', '-f', '-C', blob, report.commit], {
        env: identityEnv(report.reportedBy),
        signal,
      });
    });
    this.cache = undefined;
  }

  /**
   * A deploy report ready to append (commit resolved, signed, with its id), not yet written: the
   * caller sends it elsewhere first and appends it with where it went (`postedTo`).
   */
  async prepareDeploy(input: Omit<NewDeploy, 'commit'> & { commit?: string }, signal?: AbortSignal): Promise<DeployReport> {
    const commit = await this.resolveCommit(input.commit ?? 'HEAD', signal);
    return newDeployReport({ ...input, commit }, await this.reporter(signal));
  }

  /** An incident report ready to append (see `prepareDeploy`). */
  async prepareIncident(input: Omit<NewIncident, 'commit'> & { commit?: string }, signal?: AbortSignal): Promise<IncidentReport> {
    const commit = await this.resolveCommit(input.commit ?? 'HEAD', signal);
    return newIncidentReport({ ...input, commit }, await this.reporter(signal));
  }

  /** Records a deploy. `input.commit` may be any revision (e.g. `HEAD`); it is resolved first. */
  async reportDeploy(input: Omit<NewDeploy, 'commit'> & { commit?: string }, by?: Reporter, signal?: AbortSignal): Promise<DeployReport> {
    const commit = await this.resolveCommit(input.commit ?? 'HEAD', signal);
    const report = newDeployReport({ ...input, commit }, by ?? (await this.reporter(signal)));
    await this.append(report, signal);
    return report;
  }

  /** Records an incident on `input.commit` (default HEAD). */
  async reportIncident(
    input: Omit<NewIncident, 'commit'> & { commit?: string },
    by?: Reporter,
    signal?: AbortSignal,
  ): Promise<IncidentReport> {
    const commit = await this.resolveCommit(input.commit ?? 'HEAD', signal);
    const report = newIncidentReport({ ...input, commit }, by ?? (await this.reporter(signal)));
    await this.append(report, signal);
    return report;
  }

  /** Appends a resolution next to the incident (same commit's note). Throws for an unknown incident. */
  async resolveIncident(incidentId: string, note?: string, by?: Reporter, signal?: AbortSignal): Promise<IncidentResolution> {
    const reports = await this.readAll(signal);
    const incident = reports.find((r): r is IncidentReport => r.type === 'incident' && r.id === incidentId);
    if (!incident) {
      throw new Error(`no incident with id ${incidentId} in the journal`);
    }
    const report = newIncidentResolution({ commit: incident.commit, incidentId, note }, by ?? (await this.reporter(signal)));
    await this.append(report, signal);
    return report;
  }

  /** The reporter identity from git config (`user.name`, `user.email`). */
  async reporter(signal?: AbortSignal): Promise<Reporter> {
    const identity = await this.repo.userIdentity(signal);
    if (!identity.name && !identity.email) {
      throw new Error('git user.name and user.email are not set; cannot sign the report');
    }
    return identity;
  }

  private async resolveCommit(rev: string, signal?: AbortSignal): Promise<string> {
    const sha = await this.repo.resolveRef(rev, signal);
    if (!sha) {
      throw new Error(`${rev} does not name a commit in ${this.repo.root}`);
    }
    return sha;
  }

  /**
   * The valid reports of these notes, read with one streamed `git cat-file --batch`: a line over the
   * report line limit is skipped with a warning as it streams by (its bytes stay in the note), and
   * every report before and after it is kept, whatever the note's size.
   */
  private async readNotes(notes: ReadonlyArray<{ blob: string; commit: string }>, signal?: AbortSignal): Promise<Report[]> {
    const reports: Report[] = [];
    if (notes.length === 0) {
      return reports;
    }
    const commitsOf = new Map<string, string[]>();
    for (const { blob, commit } of notes) commitsOf.set(blob, [...(commitsOf.get(blob) ?? []), commit]);
    const parser = new NoteStreamParser(
      LIMITS.line,
      (line) => {
        for (const commit of commitsOf.get(line.blob) ?? []) this.parseLine(line, commit, reports);
      },
      (name, type) =>
        this.logger.warn(`git notes: note object ${name.slice(0, 12)} is ${type === 'missing' ? 'missing' : `a ${type}`}; skipped`),
    );
    // Each distinct blob once: identical notes on several commits share their blob.
    await this.repo.git.run(['cat-file', '--batch'], {
      stdin: [...commitsOf.keys()].join('\n') + '\n',
      signal,
      onStdout: (chunk) => parser.write(chunk),
    });
    parser.end();
    return reports;
  }

  private parseLine(line: NoteLine, commit: string, into: Report[]): void {
    const where = `line ${line.index + 1} of the note on ${commit.slice(0, 12)}`;
    if ('oversized' in line) {
      this.logger.warn(`git notes: skipped ${where}: ${line.oversized} bytes, over the ${LIMITS.line}-byte report limit (left as it is)`);
      return;
    }
    const text = line.text.replace(/\r$/, '');
    if (text.trim() === '') {
      return;
    }
    const parsed = parseReportLine(text);
    if (!parsed.ok) {
      this.logger.warn(`git notes: skipped ${where}: ${parsed.error}`);
      return;
    }
    if (parsed.value.commit !== commit) {
      this.logger.warn(
        `git notes: skipped report ${parsed.value.id}: it names commit ${parsed.value.commit.slice(0, 12)} but is attached to ${commit.slice(0, 12)}`,
      );
      return;
    }
    into.push(parsed.value);
  }

  private async noteBlob(commit: string, signal?: AbortSignal): Promise<string | undefined> {
    if (!isFullSha(commit)) {
      throw new Error(`not a full commit SHA: ${commit}`);
    }
    const out = await this.repo.git.text(['notes', '--ref', this.ref, 'list', commit], { okExitCodes: [0, 1], signal });
    const blob = out.trim();
    return isFullSha(blob) ? blob : undefined;
  }

  /** A note's exact bytes, for appending to it (bounded by the runner's output cap). */
  private async noteContent(commit: string, signal?: AbortSignal): Promise<Buffer | undefined> {
    const blob = await this.noteBlob(commit, signal);
    return blob ? (await this.repo.git.run(['cat-file', 'blob', blob], { signal })).stdout : undefined;
  }
}

/** Orders reports by time, then id, so merged journals read the same everywhere. */
export function compareReports(a: Report, b: Report): number {
  const ta = Date.parse(a.reportedAt);
  const tb = Date.parse(b.reportedAt);
  return ta - tb || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The notes commit is authored by the reporter, so `git log refs/notes/...` tells who wrote what. */
export function identityEnv(by: Reporter): Record<string, string> {
  const name = by.name || by.email.split('@')[0];
  const env: Record<string, string> = {};
  if (name) {
    env.GIT_AUTHOR_NAME = name;
    env.GIT_COMMITTER_NAME = name;
  }
  if (by.email) {
    env.GIT_AUTHOR_EMAIL = by.email;
    env.GIT_COMMITTER_EMAIL = by.email;
  }
  return env;
}

const locks = new Map<string, Promise<unknown>>();

/**
 * Serialises updates of one repository's notes ref within this process (appends and sync merges),
 * so no write builds on a tip another one is replacing.
 */
export function withJournalLock<T>(repo: GitRepository, ref: string, task: () => Promise<T>): Promise<T> {
  return withLock(`${repo.root}\0${ref}`, task);
}

/** Runs `task` after every earlier task with the same key has settled. */
async function withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = locks.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(task);
  locks.set(key, run);
  try {
    return await run;
  } finally {
    if (locks.get(key) === run) {
      locks.delete(key);
    }
  }
}
