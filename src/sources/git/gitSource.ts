import * as path from 'node:path';
import { DeployEvent } from '../../core/deployStatus';
import { oneLine, shortSha } from '../../core/format';
import { Logger } from '../../core/logger';
import { Signal, signalId, tag } from '../../core/signal';
import { Source } from '../../core/source';
import { repositoryIdentities } from './identity';
import { NotesJournal } from './notesJournal';
import { DeployReport, IncidentReport, IncidentResolution, Report } from './reports';
import { CommitRecord, GitRepository, TagInfo } from './repository';

/**
 * The zero-configuration source: the workspace repository itself. Releases come from tags,
 * deployments and incidents from the notes journal, messages from the current branch's recent commits.
 */

export interface GitSourceOptions {
  journal?: NotesJournal;
  /** Recent commits of the current branch reported as `message` signals; default 100. */
  commitLimit?: number;
  /** Newest tags reported as `release` signals; default 200. */
  tagLimit?: number;
  logger?: Logger;
}

export class GitSource implements Source {
  readonly id: string;
  readonly label: string;
  // Its incidents show in the Monitor view too, but git is not a monitoring service: the Monitor
  // view's welcome keeps offering to connect one until alerts or incidents exist.
  readonly phases = ['deploy'] as const;
  readonly journal: NotesJournal;
  private readonly logger: Logger;

  constructor(
    readonly repo: GitRepository,
    private readonly options: GitSourceOptions = {},
  ) {
    this.id = gitSourceId(repo.root);
    this.label = `git · ${path.basename(repo.root)}`;
    this.logger = options.logger ?? repo.logger;
    this.journal = options.journal ?? new NotesJournal(repo, { logger: this.logger });
  }

  async refresh(signal: AbortSignal): Promise<Signal[]> {
    const [tags, branch, reports] = await Promise.all([
      this.repo.tags(signal),
      this.repo.currentBranch(signal),
      this.journal.readAll(signal),
    ]);
    const head = await this.repo.head(signal);
    const commits = head ? await this.repo.log({ to: 'HEAD', limit: this.options.commitLimit ?? 100, signal }) : [];
    // Remotes can change between refreshes: the identity is read each time.
    const { primary } = await repositoryIdentities(this.repo, signal);
    return [
      ...tagSignals(tags.slice(0, this.options.tagLimit ?? 200), this.id, primary),
      ...reportSignals(reports, this.id, primary, this.logger),
      ...commitSignals(commits, this.id, primary, branch),
    ];
  }
}

/** `git:<repository root>`, the `source` of every signal of this repository. */
export function gitSourceId(root: string): string {
  return `git:${root}`;
}

export function tagSignals(tags: readonly TagInfo[], source: string, repo: string): Signal[] {
  return tags.map((t) => ({
    id: signalId(source, 'release', t.name),
    source,
    kind: 'release',
    title: t.name,
    state: { normal: 'success', native: t.annotated ? 'annotated tag' : 'tag' },
    createdAt: t.date,
    updatedAt: t.date,
    labels: [],
    tags: [tag('tag', t.name), tag('commit', t.commit)],
    anchors: { repo, commits: [t.commit] },
    detail: { subject: t.subject, annotated: t.annotated },
  }));
}

export function commitSignals(commits: readonly CommitRecord[], source: string, repo: string, branch: string | undefined): Signal[] {
  return commits.map((c) => ({
    id: signalId(source, 'message', c.sha),
    source,
    kind: 'message',
    title: oneLine(c.subject, 200),
    state: { normal: 'unknown', native: 'commit' },
    author: c.authorName,
    createdAt: c.authorTime,
    updatedAt: c.committerTime,
    labels: c.parents.length > 1 ? ['merge'] : [],
    tags: [...(branch ? [tag('branch', branch)] : []), tag('commit', c.sha)],
    anchors: { repo, commits: [c.sha], ...(branch ? { branch } : {}) },
    detail: { body: c.body.slice(0, 4000), parents: c.parents, authorEmail: c.authorEmail },
  }));
}

/** Deploy and incident signals from journal reports (resolutions fold into their incident). */
export function reportSignals(reports: readonly Report[], source: string, repo: string, logger?: Logger): Signal[] {
  const deploys = new Map<string, DeployReport>();
  const resolutions = new Map<string, IncidentResolution>();
  for (const r of reports) {
    if (r.type === 'deploy') {
      deploys.set(r.id, r);
    } else if (r.type === 'incident-resolution' && !resolutions.has(r.incidentId)) {
      resolutions.set(r.incidentId, r); // reports come sorted by time: the first resolution wins
    }
  }
  const signals: Signal[] = [];
  const incidentIds = new Set<string>();
  for (const r of reports) {
    if (r.type === 'deploy') {
      signals.push(deploySignal(r, source, repo));
    } else if (r.type === 'incident') {
      incidentIds.add(r.id);
      signals.push(incidentSignal(r, resolutions.get(r.id), r.deployId ? deploys.get(r.deployId) : undefined, source, repo));
    }
  }
  for (const id of resolutions.keys()) {
    if (!incidentIds.has(id)) {
      logger?.warn(`git notes: resolution of unknown incident ${id} ignored`);
    }
  }
  return signals;
}

function deploySignal(r: DeployReport, source: string, repo: string): Signal {
  const at = Date.parse(r.reportedAt);
  return {
    id: signalId(source, 'deployment', r.id),
    source,
    kind: 'deployment',
    title: `${r.version ?? shortSha(r.commit)} → ${r.environment}`,
    state: { normal: r.status, native: r.status },
    ...(r.url ? { url: r.url } : {}),
    author: r.reportedBy.name || r.reportedBy.email,
    createdAt: at,
    updatedAt: at,
    labels: [r.status],
    tags: [tag('env', r.environment), tag('commit', r.commit), ...(r.version ? [tag('version', r.version)] : [])],
    anchors: { repo, commits: [r.commit], environment: r.environment },
    detail: compact({
      reportId: r.id,
      version: r.version,
      note: r.note,
      reportedBy: r.reportedBy,
      journal: 'git notes',
      postedTo: r.postedTo,
    }),
  };
}

function incidentSignal(
  r: IncidentReport,
  resolution: IncidentResolution | undefined,
  deploy: DeployReport | undefined,
  source: string,
  repo: string,
): Signal {
  const at = Date.parse(r.reportedAt);
  const state = resolution ? 'resolved' : 'open';
  return {
    id: signalId(source, 'incident', r.id),
    source,
    kind: 'incident',
    title: oneLine(r.summary, 200),
    state: { normal: state, native: state },
    ...(r.url ? { url: r.url } : {}),
    author: r.reportedBy.name || r.reportedBy.email,
    createdAt: at,
    updatedAt: resolution ? Date.parse(resolution.reportedAt) : at,
    labels: [r.severity],
    tags: [
      tag('severity', r.severity),
      tag('commit', r.commit),
      ...(deploy ? [tag('env', deploy.environment)] : []),
      ...(r.file ? [tag('file', r.file)] : []),
    ],
    anchors: {
      repo,
      commits: [r.commit],
      ...(deploy ? { environment: deploy.environment } : {}),
      ...(r.file
        ? {
            files: [
              {
                path: r.file,
                ...(r.startLine ? { line: r.startLine } : {}),
                ...(r.endLine ? { endLine: r.endLine } : {}),
                commit: r.commit,
              },
            ],
          }
        : {}),
    },
    ...(deploy ? { parentId: signalId(source, 'deployment', deploy.id) } : {}),
    detail: compact({
      reportId: r.id,
      note: r.note,
      links: r.links,
      postedTo: r.postedTo,
      deployId: r.deployId,
      reportedBy: r.reportedBy,
      resolvedBy: resolution?.reportedBy,
      resolvedAt: resolution?.reportedAt,
      resolutionNote: resolution?.note,
    }),
  };
}

/** Deploy reports as the events `core/deployStatus` replays. */
export function deployEvents(reports: readonly Report[]): DeployEvent[] {
  return reports
    .filter((r): r is DeployReport => r.type === 'deploy')
    .map((r) => ({
      id: r.id,
      environment: r.environment,
      commit: r.commit,
      status: r.status,
      at: Date.parse(r.reportedAt),
      ...(r.version ? { version: r.version } : {}),
      ...(r.url ? { url: r.url } : {}),
    }));
}

/** Drops undefined fields: signal details are plain JSON. */
function compact(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}
