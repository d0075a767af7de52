import * as vscode from 'vscode';
import { basicCredential } from '../../http/credentials';
import { jenkinsBuildLayout } from '../../sources/jenkins';
import type { WorkspaceRepository } from '../git/gitWorkspace';
import type { MonitorSupport } from '../monitor/monitorSupport';
import { runSummary } from '../runSummary';
import type { BuildSummary, DevOpsService, Discovery } from '../service';
import type { ServiceHost } from '../serviceHost';
import { jenkinsCommands } from './commands';
import { JenkinsConnection } from './connection';
import { JenkinsCredentials } from './credentials';
import { jenkinsDetailsContributor } from './details';
import { JenkinsLogProvider, LOG_SCHEME } from './jobLog';
import { jenkinsInstances, SECTION, type JenkinsInstance } from './settings';

/** Jenkins' pace: 10 s while a build of HEAD's branch runs, backing off to 5 min while nothing changes. */
const POLL = { baseMs: 10_000, maxMs: 5 * 60_000 };

/**
 * Jenkins (`devops.jenkins.instances`: URL, user, job paths; the API token in SecretStorage per origin):
 * for every workspace repository, the jobs that build it (configured, or found by the remote URL their
 * builds checked out) with their builds, stages, test reports and logs in the Build view, failed tests as
 * findings on their lines (through the workspace's path mapping), the status bar's build of HEAD's
 * branch, and build now / rebuild / abort / show log.
 */
export class JenkinsService implements DevOpsService {
  readonly display = { family: 'jenkins', name: 'Jenkins', icon: 'server-process', openLabel: 'Open in Jenkins' };
  readonly rediscoverOn = { settings: [`${SECTION}.instances`] };
  readonly layouts = { build: jenkinsBuildLayout() };
  readonly details;
  readonly commands;
  private readonly connections = new Map<string, JenkinsConnection>();
  private readonly credentials: JenkinsCredentials;
  private readonly logs: JenkinsLogProvider;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly host: ServiceHost,
    private readonly monitor: MonitorSupport,
  ) {
    this.credentials = new JenkinsCredentials(host.context.secrets);
    this.logs = new JenkinsLogProvider((id) => this.connectionOf(id), host.log, host.logStyles);
    this.details = jenkinsDetailsContributor((id) => this.connectionOf(id));
    this.commands = jenkinsCommands({
      hub: host.hub,
      credentials: this.credentials,
      prompter: () => host.prompter(),
      chooseSignal: (choice) => host.chooseSignal(choice),
      logStyles: host.logStyles,
      instances: () => jenkinsInstances().instances,
      connections: () => [...this.connections.values()],
      connectionOf: (id) => this.connectionOf(id),
      reconnect: () => host.discoverNow(this.display.family),
      refreshNow: (id) => host.refreshNow(id),
    });
    this.disposables.push(
      this.credentials,
      this.logs,
      vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, this.logs),
      host.logStyles.addScheme(LOG_SCHEME),
      this.credentials.onDidChange(() => host.rediscover(this.display.family)),
      host.git.onDidRefresh((r) => this.onGitRefresh(r)),
    );
  }

  connectionOf(sourceId: string): JenkinsConnection | undefined {
    return [...this.connections.values()].find((c) => c.source.id === sourceId);
  }

  buildSummaries(r: WorkspaceRepository): BuildSummary[] {
    const out: BuildSummary[] = [];
    for (const c of this.connections.values()) {
      const run = c.workspace.repo.root === r.repo.root ? c.source.headRun : undefined;
      if (run && run.anchors.branch === c.branch)
        out.push({
          run,
          summary: runSummary(run, `Jenkins ${run.title} on ${run.anchors.branch ?? '?'} (${new URL(c.instance.base).host})`),
        });
    }
    return out;
  }

  async discover(): Promise<Discovery> {
    const { instances, problems } = jenkinsInstances();
    for (const problem of problems) this.host.log.warn(`Jenkins: devops.jenkins.instances: ${problem}`);
    const wanted = new Map<string, { instance: JenkinsInstance; r: WorkspaceRepository }>();
    for (const instance of instances) {
      for (const r of this.host.git.all())
        wanted.set(`${instance.base} ${instance.user ?? ''} ${r.repo.root} ${instance.jobs.map((j) => j.join('/')).join(',')}`, {
          instance,
          r,
        });
    }
    for (const key of [...this.connections.keys()]) if (!wanted.has(key)) this.connections.delete(key);
    for (const [key, { instance, r }] of wanted) {
      if (this.connections.has(key)) continue;
      const c = new JenkinsConnection(instance, r, () => this.host.git.identitiesOf(r), this.host.http, this.host.log, {
        resolve: (path, identities) => {
          const located = this.monitor.locatePath(path);
          return located && identities.includes(located.repo) ? located.path : undefined;
        },
        ready: () => this.monitor.filesReady(),
      });
      this.connections.set(key, c);
      this.host.log.info(
        `Jenkins: ${instance.base} for ${r.repo.root}${instance.jobs.length ? ` (jobs ${instance.jobs.map((j) => j.join('/')).join(', ')})` : ''}`,
      );
    }
    for (const c of this.connections.values()) {
      const token = c.instance.user ? await this.credentials.token(c.instance.origin) : undefined;
      const credential = token && c.instance.user ? basicCredential(c.instance.origin, c.instance.user, token) : undefined;
      if (c.setCredential(credential))
        this.host.log.info(`Jenkins: ${c.instance.base}: ${c.hasToken ? 'using the stored token' : 'no token stored'}`);
      await c.readBranches().catch(() => undefined);
    }
    const connections = [...this.connections.values()];
    void vscode.commands.executeCommand('setContext', 'devops.jenkins.hasInstance', instances.length > 0);
    void vscode.commands.executeCommand(
      'setContext',
      'devops.jenkins.needsToken',
      connections.some((c) => !c.hasToken),
    );
    this.host.updateStatusBar();
    return { sources: connections.filter((c) => c.hasToken).map((c) => ({ source: c.source, poll: () => POLL })) };
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private onGitRefresh(r: WorkspaceRepository): void {
    for (const c of this.connections.values()) {
      if (c.workspace.repo.root !== r.repo.root) continue;
      const before = c.branch;
      void c.readBranches().then(
        () => {
          if (c.branch === before) return;
          if (c.hasToken) void this.host.refreshNow(c.source.id);
          this.host.updateStatusBar();
        },
        () => undefined,
      );
    }
  }
}
