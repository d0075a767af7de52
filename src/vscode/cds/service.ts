import { homedir } from 'node:os';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { cdsBuildLayout, cdsrcPath } from '../../sources/cds';
import type { WorkspaceRepository } from '../git/gitWorkspace';
import { runSummary } from '../runSummary';
import type { BuildSummary, DevOpsService, Discovery } from '../service';
import type { ServiceHost } from '../serviceHost';
import { readCdsctlContext, type CdsctlContext } from './cdsctl';
import { cdsCommands } from './commands';
import { CdsConnection, type CdsTokens } from './connection';
import { ServiceSecrets } from '../serviceSecrets';
import { cdsDetailsContributor } from './details';
import { CdsStepLogProvider, LOG_SCHEME } from './jobLog';
import { cdsInstances, SECTION, type CdsInstance } from './settings';

/** CDS's pace: 10 s while a run of HEAD's branch builds, backing off to 5 min while nothing changes. */
const POLL = { baseMs: 10_000, maxMs: 5 * 60_000 };

/**
 * OVH CDS (`devops.cds.instances`: API URL, project keys, workflows; the sign-in token in SecretStorage per
 * origin; with nothing configured, cdsctl's current context, its URL and tokens used for that URL only): for
 * every workspace repository, the workflows that build it with their runs of HEAD's branch and of the default
 * branch, jobs and steps in the Build view, the status bar's run of HEAD's branch, and run / restart / stop /
 * step logs.
 */
export class CdsService implements DevOpsService {
  readonly display = { family: 'cds', name: 'CDS', icon: 'rocket', openLabel: 'Open in CDS' };
  readonly rediscoverOn = { settings: [`${SECTION}.instances`] };
  readonly layouts;
  readonly details;
  readonly commands;
  private readonly connections = new Map<string, CdsConnection>();
  /** Sign-in tokens (a builtin consumer's), one per API origin; posted only there, for a session token (sources/cds/api). */
  private readonly credentials: ServiceSecrets;
  private readonly logs: CdsStepLogProvider;
  private readonly disposables: vscode.Disposable[] = [];
  /** What was said about cdsctl's file, said once. */
  private readonly cdsctlSaid = new Set<string>();

  constructor(private readonly host: ServiceHost) {
    this.credentials = new ServiceSecrets(host.context.secrets, 'devops.cds.token/');
    this.logs = new CdsStepLogProvider(
      (id) => this.connectionOf(id),
      (id) => host.hub.get(id),
      host.log,
      host.logStyles,
    );
    this.details = cdsDetailsContributor((id) => this.connectionOf(id));
    this.layouts = {
      build: cdsBuildLayout((id) => {
        const c = this.connectionOf(id);
        return { ...(c?.branch ? { current: c.branch } : {}), ...(c?.defaultBranch ? { main: c.defaultBranch } : {}) };
      }),
    };
    this.commands = cdsCommands({
      hub: host.hub,
      credentials: this.credentials,
      prompter: () => host.prompter(),
      chooseSignal: (choice) => host.chooseSignal(choice),
      logStyles: host.logStyles,
      instances: async () => (await this.instances()).instances,
      connections: () => [...this.connections.values()],
      connectionOf: (id) => this.connectionOf(id),
      reconnect: () => host.discoverNow(this.display.family),
      refreshNow: (id) => host.refreshNow(id),
      reloadLog: (uri) => this.logs.reload(uri),
    });
    this.disposables.push(
      this.credentials,
      this.logs,
      vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, this.logs),
      host.logStyles.addScheme(LOG_SCHEME),
      this.credentials.onDidChange(() => host.rediscover(this.display.family)),
      host.git.onDidRefresh((r) => this.onGitRefresh(r)),
      this.watchCdsctl(),
    );
  }

  /** `cdsctl login` or `cdsctl context` rewrites its file: look again, so its new URL or token is used at once. */
  private watchCdsctl(): vscode.Disposable {
    const file = cdsrcPath(process.env, homedir());
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dirname(file)), basename(file)));
    const again = () => this.host.rediscover(this.display.family);
    return vscode.Disposable.from(watcher, watcher.onDidCreate(again), watcher.onDidChange(again), watcher.onDidDelete(again));
  }

  connectionOf(sourceId: string): CdsConnection | undefined {
    return [...this.connections.values()].find((c) => c.source.id === sourceId);
  }

  buildSummaries(r: WorkspaceRepository): BuildSummary[] {
    const out: BuildSummary[] = [];
    for (const c of this.connections.values()) {
      const run = c.workspace.repo.root === r.repo.root ? c.source.headRun : undefined;
      if (run && run.anchors.branch === c.branch)
        out.push({ run, summary: runSummary(run, `CDS ${run.title} on ${run.anchors.branch ?? '?'} (${new URL(c.instance.base).host})`) });
    }
    return out;
  }

  async discover(): Promise<Discovery> {
    const { instances, problems, cdsctl } = await this.instances();
    for (const problem of problems) this.host.log.warn(`CDS: devops.cds.instances: ${problem}`);
    const wanted = new Map<string, { instance: CdsInstance; r: WorkspaceRepository }>();
    for (const instance of instances) {
      const scope = `${instance.projects.join(',')} ${instance.workflows.map((w) => `${w.project}/${w.workflow}`).join(',')}`;
      for (const r of this.host.git.all()) wanted.set(`${instance.base} ${r.repo.root} ${scope}`, { instance, r });
    }
    for (const key of [...this.connections.keys()]) if (!wanted.has(key)) this.connections.delete(key);
    for (const [key, { instance, r }] of wanted) {
      if (this.connections.has(key)) continue;
      this.connections.set(key, new CdsConnection(instance, r, () => this.host.git.identitiesOf(r), this.host.http, this.host.log));
      this.host.log.info(
        `CDS: ${instance.base} for ${r.repo.root}${instance.fromCdsctl ? ` (cdsctl's context ${instance.fromCdsctl})` : ''}`,
      );
    }
    for (const c of this.connections.values()) {
      const tokens = await this.tokensFor(c.instance, cdsctl);
      if (c.setTokens(tokens))
        this.host.log.info(`CDS: ${c.instance.base}: ${tokens ? `using the token from ${tokens.from}` : 'no token stored'}`);
      await c.readBranches().catch(() => undefined);
    }
    const connections = [...this.connections.values()];
    void vscode.commands.executeCommand('setContext', 'devops.cds.hasInstance', instances.length > 0);
    void vscode.commands.executeCommand(
      'setContext',
      'devops.cds.needsToken',
      connections.some((c) => !c.hasToken),
    );
    this.host.updateStatusBar();
    return { sources: connections.filter((c) => c.hasToken).map((c) => ({ source: c.source, poll: () => POLL })) };
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }

  /** The configured APIs; with none, cdsctl's current context, so a CDS user has nothing to configure. */
  private async instances(): Promise<{ instances: CdsInstance[]; problems: string[]; cdsctl?: CdsctlContext }> {
    const { instances, problems } = cdsInstances();
    const cdsctl = await readCdsctlContext(this.host.log, this.cdsctlSaid);
    if (instances.length === 0 && cdsctl)
      instances.push({ base: cdsctl.base, origin: cdsctl.origin, projects: [], workflows: [], fromCdsctl: cdsctl.name });
    return { instances, problems, ...(cdsctl ? { cdsctl } : {}) };
  }

  /** The stored token of the instance's origin; else cdsctl's, only when its context is for this very origin. */
  private async tokensFor(instance: CdsInstance, cdsctl: CdsctlContext | undefined): Promise<CdsTokens | undefined> {
    const stored = await this.credentials.get(instance.origin);
    if (stored) return { signin: stored, from: 'SecretStorage' };
    if (cdsctl && cdsctl.origin === instance.origin && (cdsctl.token || cdsctl.session))
      return {
        ...(cdsctl.token ? { signin: cdsctl.token } : {}),
        ...(cdsctl.session ? { session: cdsctl.session } : {}),
        from: `cdsctl's context ${cdsctl.name}`,
      };
    return undefined;
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
