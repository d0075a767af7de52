import type * as vscode from 'vscode';
import type { DetailsContributor } from '../core/details/item';
import type { ViewId, ViewLayout } from '../core/phaseTree';
import type { Reference } from '../core/releaseNotes';
import type { PollTiming } from '../core/pollSchedule';
import type { Signal } from '../core/signal';
import type { Source } from '../core/source';
import type { NewDeploy, NewIncident, PostedTo } from '../sources/git';
import type { StatusSummary } from './statusBar';
import type { WorkspaceRepository } from './git/gitWorkspace';

/**
 * The one contract every service (git and every remote service) plugs in with,
 * registered by `registerService(service)` (services.ts). A service lives in its own folders
 * (`src/sources/<family>`, `src/vscode/<family>`); everything generic (views, status bar, editor
 * marks, Problems, details, commands, polling) knows it only through this interface.
 */
export interface DevOpsService extends vscode.Disposable {
  readonly display: ServiceDisplay;
  /**
   * Discovery: which repositories and settings it serves now, as sources. Called once after
   * `activate()` returned, again whenever the workspace's repositories change, one of
   * `rediscoverOn.settings` changes, workspace trust is granted, or the service asks
   * (`ServiceHost.rediscover`). Sources no longer returned stop polling and their signals leave the views.
   */
  discover(signal: AbortSignal): Promise<Discovery>;
  readonly rediscoverOn?: { settings?: readonly string[] };
  /** Its own grouping of the signals it reports, per view (unclaimed signals get the default tree). */
  readonly layouts?: Partial<Record<ViewId, ViewLayout>>;
  /** Sections and actions of the details panel for its signals. */
  readonly details?: DetailsContributor;
  /**
   * What the status bar could say for a workspace repository (a CI run of HEAD's branch). Several
   * services may answer for one repository; the most relevant run wins (see services.ts).
   */
  buildSummaries?(repository: WorkspaceRepository): readonly BuildSummary[];
  /** Places `DevOps: Report Deploy…` and `Report Incident…` can also record to, besides the git journal. */
  readonly deployDestinations?: readonly DeployDestination[];
  readonly incidentDestinations?: readonly IncidentDestination[];
  /**
   * Titles and links of what release-note references name (`!123`, `#45`), for the repositories it
   * serves; references it does not know are left out of the map.
   */
  resolveReferences?(
    repository: WorkspaceRepository,
    references: readonly Reference[],
    signal: AbortSignal,
  ): Promise<ReadonlyMap<string, ResolvedReference>>;
  /**
   * What a release's notes should warn about (a tracker's issues planned for the release's version that
   * no commit of the range names), as plain sentences; `references` are the range's.
   */
  releaseWarnings?(repository: WorkspaceRepository, references: readonly Reference[], signal: AbortSignal): Promise<readonly string[]>;
  /** Reply to and resolve the review threads it reports (core/reviewThread findings), for the editor's comment threads. */
  readonly reviewThreads?: ReviewThreadActions;
  /** Its commands, by the ids `package.json` contributes; each is registered through the guarded wrapper. */
  readonly commands?: Readonly<Record<string, (...args: unknown[]) => unknown>>;
}

/** How the hub names and shows a service's signals. */
export interface ServiceDisplay {
  /** The family: prefix of its source ids (`<family>:`) and part of its items' context values (`signal.<family>.pullRequest.open`). */
  readonly family: string;
  /** The name users know it by. */
  readonly name: string;
  /** A codicon for its items' groups. */
  readonly icon: string;
  /** The words of a link to a signal's page: `Open in <name>`. */
  readonly openLabel: string;
  /** The Problems panel's source for one of its signals ; default `name`. */
  problemsLabel?(signal: Signal): string;
}

export interface Discovery {
  sources: readonly ServiceSource[];
  /**
   * Identities of remote repositories that belong to workspace repositories (a project behind a path
   * prefix named by its SSH remote), so signals anchored to them are found from the workspace.
   */
  aliases?: ReadonlyArray<{ identity: string; root: string }>;
}

export interface ServiceSource {
  source: Source;
  /** Polled on this timing by the one scheduler; without it the source refreshes on events and `DevOps: Refresh` only. */
  poll?: () => PollTiming;
}

/** A service's actions on its review threads; `thread` is the thread's finding signal. Both refresh the threads after. */
export interface ReviewThreadActions {
  reply(thread: Signal, body: string, signal: AbortSignal): Promise<void>;
  setResolved(thread: Signal, resolved: boolean, signal: AbortSignal): Promise<void>;
}

/** What a release-note reference names, as a service resolved it. */
export interface ResolvedReference {
  title: string;
  url?: string;
}

export interface BuildSummary {
  /** The run it is about (a pipeline run signal). */
  run: Signal;
  summary: StatusSummary;
}

/** What `Report Deploy…` asked the user (the journal's report fields). */
export type DeployInput = NewDeploy;
/** What `Report Incident…` asked the user. */
export type IncidentInput = NewIncident;

/** What a destination knows of the report besides its fields: the journal's id for it (to tag it with). */
export interface ReportContext {
  reportId: string;
}

/**
 * Another place a deploy can be reported to besides the git journal (a forge's deployments, a Tat
 * topic, a chat webhook). What `report` returns is recorded on the journal's report (`postedTo`), so
 * the Timeline says where else it went; a destination that returns nothing is not recorded.
 */
export interface DeployDestination {
  label: string;
  description?: string;
  /** Whether it can take reports for this repository (e.g. it has a remote on the service and a sign-in). */
  appliesTo(r: WorkspaceRepository): boolean;
  report(r: WorkspaceRepository, input: DeployInput, context?: ReportContext): Promise<PostedTo | void>;
}

/** Another place an incident can be reported to besides the git journal. */
export interface IncidentDestination {
  label: string;
  description?: string;
  appliesTo(r: WorkspaceRepository): boolean;
  report(r: WorkspaceRepository, input: IncidentInput, context?: ReportContext): Promise<PostedTo | void>;
  /** Whether a `postedTo` entry of an incident is one of its own, to `resolve` there too. */
  resolves?(posted: PostedTo): boolean;
  /** `DevOps: Resolve Incident` marks it resolved where it was posted (a label on the same Tat message). */
  resolve?(r: WorkspaceRepository, posted: PostedTo, note: string | undefined): Promise<void>;
}
