/**
 * Jira Plan for one site: the active sprint of each board (boards named in the settings, else the
 * boards of the projects whose keys the workspace's branch names and commit messages carry), or, when
 * the site has a JQL query, what that query finds, sent exactly as written.
 *
 * Cost per refresh: per board one configuration read (first time only: the estimation field), one
 * sprint list, then the sprint's issues by pages of 50; board discovery once per set of project keys.
 */
import { errorMessage } from '../../core/errorMessage';
import { silentLogger, type Logger } from '../../core/logger';
import type { Signal } from '../../core/signal';
import type { PollHints, Source } from '../../core/source';
import { SourceError } from '../../core/sourceError';
import type { Credential, HttpClientLike } from '../../http/types';
import { JiraApi } from './api';
import { ISSUE_FIELDS, jiraSourceId, mapIssue, sprintContext, type JiraMappingContext } from './mapping';
import type { JiraSite } from './site';
import type { JiraBoardJson, JiraUserJson } from './types';

export interface JiraSourceOptions {
  http: HttpClientLike;
  site: JiraSite;
  credential?: Credential;
  logger?: Logger;
  /** Project keys the workspace names (branch names, commit messages), for boards found with no setting. */
  projectKeys?: () => Promise<readonly string[]> | readonly string[];
  maxPages?: number;
  now?: () => number;
  /** Told of every failed refresh (the VS Code layer offers a new token on `auth`). */
  onFailure?: (error: SourceError) => void;
}

export class JiraSprintSource implements Source {
  readonly id: string;
  readonly label: string;
  readonly phases = ['plan'] as const;
  readonly api: JiraApi;
  readonly site: JiraSite;
  /** The boards the last refresh read. */
  boards: Array<{ id: number; name: string }> = [];
  private me?: JiraUserJson;
  /** Per board, read once: its name and estimation field. */
  private readonly configuration = new Map<number, { name?: string; estimationField?: string }>();
  private discovered?: { keys: string; boards: JiraBoardJson[] };
  private notBefore?: number;
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(private readonly options: JiraSourceOptions) {
    this.site = options.site;
    this.id = jiraSourceId(options.site);
    this.label = `Jira · ${options.site.identity}`;
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.api = new JiraApi({
      http: options.http,
      site: options.site,
      credential: options.credential,
      logger: this.logger,
      maxPages: options.maxPages,
    });
  }

  pollHints(): PollHints {
    return this.notBefore !== undefined && this.notBefore > this.now() ? { notBefore: this.notBefore } : {};
  }

  async refresh(signal: AbortSignal): Promise<Signal[]> {
    try {
      const signals = await this.load(signal);
      this.notBefore = undefined;
      return signals;
    } catch (error) {
      if (error instanceof SourceError) {
        if (error.retryAt !== undefined) this.notBefore = error.retryAt;
        this.options.onFailure?.(error);
      }
      throw error;
    }
  }

  /** The signed-in user (asked once per credential), for "mine" and Assign to Me. */
  async currentUser(signal?: AbortSignal): Promise<JiraUserJson> {
    this.me ??= await this.api.myself(signal);
    return this.me;
  }

  private async load(signal: AbortSignal): Promise<Signal[]> {
    const me = await this.currentUser(signal).catch((error: unknown) => {
      if (error instanceof SourceError && error.kind === 'auth') throw error;
      this.logger.warn(`Jira: could not read the signed-in user of ${this.site.identity}: ${errorMessage(error)}`);
      return undefined;
    });
    const base = { sourceId: this.id, site: this.site, ...(me ? { me } : {}) };
    const out = new Map<string, Signal>();
    if (this.site.jql) {
      const fields = [...ISSUE_FIELDS];
      const { items } = await this.api.search(this.site.jql, fields, signal);
      for (const issue of items) add(out, mapIssue(issue, { ...base, group: `JQL: ${this.site.jql}` }));
      this.boards = [];
      return [...out.values()];
    }
    const boards = await this.boardsToRead(signal);
    for (const board of boards) {
      let config = this.configuration.get(board.id);
      if (!config) this.configuration.set(board.id, (config = await this.api.boardConfiguration(board.id, signal)));
      const name = board.name ?? config.name ?? `Board ${board.id}`;
      const { estimationField } = config;
      const sprints = (await this.api.activeSprints(board.id, signal)).items;
      for (const sprint of sprints) {
        const fields = [...ISSUE_FIELDS, ...(estimationField ? [estimationField] : [])];
        const { items } = await this.api.sprintIssues(sprint.id, fields, signal);
        const ctx: JiraMappingContext = { ...base, sprint: sprintContext(sprint, name), ...(estimationField ? { estimationField } : {}) };
        for (const issue of items) add(out, mapIssue(issue, ctx));
      }
    }
    this.boards = boards.map((b) => ({ id: b.id, name: b.name ?? this.configuration.get(b.id)?.name ?? `Board ${b.id}` }));
    return [...out.values()];
  }

  private async boardsToRead(signal: AbortSignal): Promise<JiraBoardJson[]> {
    if (this.site.boards.length) return this.site.boards.map((id) => ({ id }));
    const keys = [...new Set(await this.options.projectKeys?.())].sort();
    const joined = keys.join(',');
    if (this.discovered?.keys === joined) return this.discovered.boards;
    const boards = new Map<number, JiraBoardJson>();
    for (const key of keys) {
      try {
        // Kanban boards have no sprints (their sprint list answers 400): only scrum boards are read.
        for (const b of (await this.api.boards(key, signal)).items)
          if (b.type !== 'kanban' && Number.isSafeInteger(b.id)) boards.set(b.id, b);
      } catch (error) {
        // A key that only looks like a project's (`UTF-8` slipped through) is no reason to fail the rest.
        if (!(error instanceof SourceError) || (error.kind !== 'notFound' && error.kind !== 'rejected')) throw error;
        this.logger.info(`Jira: no boards for ${key} on ${this.site.identity}: ${error.message}`);
      }
    }
    this.discovered = { keys: joined, boards: [...boards.values()] };
    this.logger.info(
      `Jira: ${this.site.identity}: boards ${this.discovered.boards.map((b) => b.name ?? b.id).join(', ') || 'none'} for ${joined || 'no project keys'}`,
    );
    return this.discovered.boards;
  }
}

function add(out: Map<string, Signal>, signal: Signal | undefined): void {
  // An issue in two boards' sprints is one item (the first sprint read keeps it).
  if (signal && !out.has(signal.id)) out.set(signal.id, signal);
}
