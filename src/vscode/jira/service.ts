import * as vscode from 'vscode';
import type { Reference } from '../../core/releaseNotes';
import { SourceError } from '../../core/sourceError';
import { jiraPlanLayout } from '../../sources/jira';
import type { WorkspaceRepository } from '../git/gitWorkspace';
import { notify } from '../notify';
import type { DevOpsService, Discovery, ResolvedReference } from '../service';
import type { ServiceHost } from '../serviceHost';
import { jiraCommands } from './commands';
import { JiraConnection } from './connection';
import { JiraCredentials } from './credentials';
import { jiraDetailsContributor } from './details';
import { workspaceProjectKeys } from './projectKeys';
import { jiraSites, SITES_SETTING } from './settings';

/** A sprint moves slowly: once a minute while the window has focus, backing off to 10 minutes when nothing changes. */
const POLL = { baseMs: 60_000, maxMs: 10 * 60_000 };
/** Fix versions a release's warnings look into (the range's issues rarely carry more). */
const MAX_RELEASE_VERSIONS = 5;

/**
 * Jira Software (Cloud and Data Center, sites from `devops.jira.sites`): the active sprint of each
 * board in the Plan view (or a site's own JQL), Start Work / Transition / Assign to Me / Add Comment /
 * Open in Browser, the issue's description and comments in the details panel, and the titles of
 * `PROJ-7` references in release notes.
 */
export class JiraService implements DevOpsService {
  readonly display = { family: 'jira', name: 'Jira', icon: 'issues', openLabel: 'Open in Jira' };
  readonly rediscoverOn = { settings: [SITES_SETTING] };
  readonly layouts;
  readonly details;
  readonly commands;
  private readonly connections = new Map<string, JiraConnection>();
  private readonly credentials: JiraCredentials;
  private readonly branches = new Map<string, string>();
  private readonly toldAuth = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private keys?: Promise<string[]>;

  constructor(private readonly host: ServiceHost) {
    this.credentials = new JiraCredentials(host.context.secrets);
    this.layouts = {
      plan: jiraPlanLayout({
        groupBy: (url) => this.connections.get(url)?.site.groupBy ?? 'status',
        currentBranches: () => [...this.branches.values()],
      }),
    };
    this.details = jiraDetailsContributor((id) => this.connectionOf(id));
    this.commands = jiraCommands({
      hub: host.hub,
      git: host.git,
      credentials: this.credentials,
      log: host.log,
      prompter: () => host.prompter(),
      chooseSignal: (choice) => host.chooseSignal(choice),
      connections: () => [...this.connections.values()],
      connectionOf: (id) => this.connectionOf(id),
      reconnect: () => host.discoverNow(this.display.family),
      refreshNow: (id) => host.refreshNow(id),
    });
    this.disposables.push(
      this.credentials,
      this.credentials.onDidChange(() => host.rediscover(this.display.family)),
      host.git.onDidRefresh((r) => void this.readBranch(r)),
      host.git.onDidChangeRepositories(() => (this.keys = undefined)),
    );
  }

  connectionOf(sourceId: string): JiraConnection | undefined {
    return [...this.connections.values()].find((c) => c.source.id === sourceId);
  }

  async discover(): Promise<Discovery> {
    const { sites, problems } = jiraSites();
    for (const problem of problems) this.host.log.warn(`Jira: ${SITES_SETTING}: ${problem}`);
    const wanted = new Set(sites.map((s) => s.url));
    for (const url of this.connections.keys()) if (!wanted.has(url)) this.connections.delete(url);
    for (const site of sites) {
      const known = this.connections.get(site.url);
      if (known && JSON.stringify(known.site) === JSON.stringify(site)) continue;
      this.connections.set(
        site.url,
        new JiraConnection(
          site,
          this.host.http,
          this.host.log,
          () => this.projectKeys(),
          (e) => this.onFailure(site.origin, e),
        ),
      );
      this.host.log.info(`Jira: ${site.identity} (${site.kind === 'cloud' ? 'Cloud' : 'Data Center'})`);
    }
    this.keys = undefined;
    for (const c of this.connections.values()) {
      if (c.setCredential(await this.credentials.credential(c.site))) {
        this.host.log.info(`Jira: ${c.site.identity}: ${c.hasToken ? 'using the stored token' : 'no token stored'}`);
        this.toldAuth.delete(c.site.origin);
      }
    }
    for (const r of this.host.git.all()) await this.readBranch(r);
    const connections = [...this.connections.values()];
    void vscode.commands.executeCommand('setContext', 'devops.jira.hasSite', connections.length > 0);
    void vscode.commands.executeCommand(
      'setContext',
      'devops.jira.needsToken',
      connections.some((c) => !c.hasToken),
    );
    return { sources: connections.filter((c) => c.hasToken).map((c) => ({ source: c.source, poll: () => POLL })) };
  }

  /** Summary, type and fix versions of `PROJ-7` references, from the sites with a token. */
  async resolveReferences(
    _r: WorkspaceRepository,
    references: readonly Reference[],
    signal: AbortSignal,
  ): Promise<Map<string, ResolvedReference>> {
    const out = new Map<string, ResolvedReference>();
    const wanted = references.filter((ref) => ref.kind === 'issueKey');
    if (wanted.length === 0) return out;
    for (const c of [...this.connections.values()].filter((x) => x.hasToken)) {
      const { resolved, error } = await c.references.resolve(
        wanted.filter((ref) => !out.has(ref.key)),
        signal,
      );
      for (const [key, ref] of resolved) {
        const extra = [ref.type, ref.fixVersions.length ? `fix version ${ref.fixVersions.join(', ')}` : undefined]
          .filter(Boolean)
          .join(' · ');
        out.set(key, { title: extra ? `${ref.summary} (${extra})` : ref.summary, url: ref.url });
      }
      if (error) this.host.log.warn(`Jira: release note titles from ${c.site.identity}: ${error.message}`);
    }
    return out;
  }

  /** Issues in the fix versions the range's issues carry that no commit of the range names. */
  async releaseWarnings(_r: WorkspaceRepository, references: readonly Reference[], signal: AbortSignal): Promise<string[]> {
    const named = new Set(references.filter((ref) => ref.kind === 'issueKey').map((ref) => ref.key.toUpperCase()));
    if (named.size === 0) return [];
    const warnings: string[] = [];
    for (const c of [...this.connections.values()].filter((x) => x.hasToken)) {
      const { resolved } = await c.references.resolve(references, signal);
      const versions = [...new Set([...resolved.values()].flatMap((ref) => ref.fixVersions))].slice(0, MAX_RELEASE_VERSIONS);
      for (const version of versions) {
        for (const issue of await c.references.versionIssues(version, signal)) {
          if (!named.has(issue.key))
            warnings.push(`${issue.key} (${issue.summary}) is in fix version ${version} but no commit of this range names it.`);
        }
      }
    }
    return warnings;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private projectKeys(): Promise<string[]> {
    this.keys ??= workspaceProjectKeys(this.host.git, this.host.log);
    return this.keys;
  }

  private async readBranch(r: WorkspaceRepository): Promise<void> {
    const before = this.branches.get(r.repo.root);
    const branch = await r.repo.currentBranch().catch(() => undefined);
    if (branch) this.branches.set(r.repo.root, branch);
    else this.branches.delete(r.repo.root);
    if (branch !== before) {
      this.keys = undefined;
      this.host.views.plan.invalidate();
    }
  }

  /** Tells once per site (until a new token) when Jira refuses its token (expired, revoked), with the command that stores one. */
  private onFailure(origin: string, error: SourceError): void {
    if (error.kind !== 'auth' || this.toldAuth.has(origin)) return;
    this.toldAuth.add(origin);
    void notify('warning', `DevOps: ${error.message}`, 'Set Jira Token…').then((choice) => {
      if (choice) void vscode.commands.executeCommand('devops.jira.setToken');
    });
  }
}
