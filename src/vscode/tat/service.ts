import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Credential } from '../../http/types';
import type { PostedTo } from '../../sources/git';
import { deployMessage, incidentMessage, selectionMessage, TatApi, tatLabel, TatTopicSource, type TatInstance } from '../../sources/tat';
import type { WorkspaceRepository } from '../git/gitWorkspace';
import { notify } from '../notify';
import type { DeployDestination, DevOpsService, Discovery, IncidentDestination } from '../service';
import type { ServiceHost } from '../serviceHost';
import { TatCredentials } from './credentials';
import { tatDetailsContributor } from './details';
import { SECTION, setInstanceTopics, tatInstances } from './settings';

/** Tat answers every read fully (no validators): a steady pace, backing off when nothing changes. */
const POLL = { baseMs: 30_000, maxMs: 5 * 60_000 };
const SERVICE = 'Tat';

interface Connection {
  instance: TatInstance;
  credential?: Credential;
  api: TatApi;
  sources: TatTopicSource[];
}

/**
 * OVH Tat ("Text And Tags"), the hub the project's idea comes from: the topics of each instance in
 * `devops.tat.instances` read into the views (one source per topic), deploys and incidents posted to
 * a topic with labels and tags, an incident resolved by labelling the same message, and
 * `DevOps: Post to Tat…` about the editor's selection.
 */
export class TatService implements DevOpsService {
  readonly display = { family: 'tat', name: SERVICE, icon: 'comment-discussion', openLabel: 'Open the link' };
  readonly rediscoverOn = { settings: [`${SECTION}.instances`] };
  readonly commands: Record<string, (...args: unknown[]) => unknown>;
  readonly details = tatDetailsContributor();
  readonly deployDestinations: DeployDestination[] = [];
  readonly incidentDestinations: IncidentDestination[] = [];
  private connections: Connection[] = [];
  private readonly credentials: TatCredentials;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly host: ServiceHost) {
    this.credentials = new TatCredentials(host.context.secrets);
    this.disposables.push(
      this.credentials,
      this.credentials.onDidChange(() => host.rediscover(this.display.family)),
    );
    this.commands = {
      'devops.tat.setPassword': () => this.setPassword(),
      'devops.tat.pickTopics': () => this.pickTopics(),
      'devops.tat.post': () => this.postSelection(),
    };
  }

  async discover(): Promise<Discovery> {
    const { instances, problems } = tatInstances();
    for (const problem of problems) this.host.log.warn(`Tat: devops.tat.instances: ${problem}`);
    const connections: Connection[] = [];
    for (const instance of instances) {
      const credential = await this.credentials.credential(instance);
      const api = new TatApi({ http: this.host.http, instance, credential });
      const sources = credential
        ? instance.topics.map((topic) => new TatTopicSource({ http: this.host.http, instance, topic, credential, logger: this.host.log }))
        : [];
      if (!credential) this.host.log.info(`Tat: ${instance.url}: no password stored (DevOps: Set Tat Password…)`);
      connections.push({ instance, credential, api, sources });
    }
    this.connections = connections;
    this.rebuildDestinations();
    void vscode.commands.executeCommand('setContext', 'devops.tat.configured', connections.length > 0);
    return { sources: connections.flatMap((c) => c.sources.map((source) => ({ source, poll: () => POLL }))) };
  }

  /** One destination per topic of an instance with a password: `Tat topic /Team/Deploys`. */
  private rebuildDestinations(): void {
    this.deployDestinations.length = 0;
    this.incidentDestinations.length = 0;
    for (const c of this.connections) {
      if (!c.credential) continue;
      for (const topic of c.instance.topics) {
        const where = `Tat topic ${topic}`;
        const description = new URL(c.instance.url).host;
        this.deployDestinations.push({
          label: where,
          description,
          appliesTo: () => true,
          report: async (r, input, context) => {
            const message = deployMessage({ ...input, reportId: context?.reportId, repo: repoIdentity(this.host, r) });
            return this.post(c, topic, message);
          },
        });
        this.incidentDestinations.push({
          label: where,
          description,
          appliesTo: () => true,
          report: async (r, input, context) => {
            const message = incidentMessage({ ...input, reportId: context?.reportId, repo: repoIdentity(this.host, r) });
            return this.post(c, topic, message);
          },
          resolves: (posted) => posted.service === SERVICE && parseRef(posted.ref)?.key === refKey(c.instance, topic),
          resolve: async (_r, posted) => {
            const ref = parseRef(posted.ref);
            if (!ref) throw new Error(`no Tat message recorded for ${posted.where}`);
            await c.api.label(topic, ref.id, tatLabel('resolved'));
            await c.api.unlabel(topic, ref.id, 'open');
            this.refreshTopic(c, topic);
          },
        });
      }
    }
  }

  private async post(c: Connection, topic: string, message: Parameters<TatApi['post']>[1]): Promise<PostedTo> {
    const posted = await c.api.post(topic, message);
    this.refreshTopic(c, topic);
    return { service: SERVICE, where: `Tat topic ${topic}`, ref: `${refKey(c.instance, topic)}#${posted._id}`.slice(0, 100) };
  }

  private refreshTopic(c: Connection, topic: string): void {
    const source = c.sources.find((s) => s.topic === topic);
    if (source) void this.host.refreshNow(source.id);
  }

  private async pickInstance(title: string, withPassword: boolean): Promise<Connection | undefined> {
    // The settings may have changed a moment ago: discover now rather than answer from the last discovery.
    await this.host.discoverNow(this.display.family);
    const candidates = this.connections.filter((c) => !withPassword || c.credential);
    if (candidates.length === 0) {
      void notify(
        'warning',
        withPassword
          ? 'DevOps: no Tat instance with a password; add one in devops.tat.instances and run "DevOps: Set Tat Password…".'
          : 'DevOps: no Tat instance in the devops.tat.instances setting.',
      );
      return undefined;
    }
    if (candidates.length === 1) return candidates[0];
    return (
      await this.host.prompter().pick(
        candidates.map((c) => ({ label: new URL(c.instance.url).host, description: `${c.instance.username} · ${c.instance.url}`, c })),
        { title },
      )
    )?.c;
  }

  private async setPassword(): Promise<string | undefined> {
    const c = await this.pickInstance('Set Tat Password: which instance', false);
    if (!c) return undefined;
    const password = await this.host.prompter().input({
      title: `Tat password for ${c.instance.username} at ${c.instance.origin}`,
      prompt: 'Sent as Tat_password to this server only. Leave empty to forget the stored one.',
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) return undefined;
    await this.credentials.set(c.instance, password || undefined);
    await this.host.discoverNow(this.display.family);
    void notify('info', `DevOps: Tat password ${password ? 'stored' : 'removed'} for ${c.instance.origin}; it is sent only there.`);
    return c.instance.origin;
  }

  /** The topics to read, chosen from `GET /topics`, written to the user's settings. */
  private async pickTopics(): Promise<string[] | undefined> {
    const c = await this.pickInstance('Choose Tat Topics: which instance', true);
    if (!c) return undefined;
    const topics = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'DevOps: reading Tat topics' }, () =>
      c.api.listTopics(),
    );
    const picks = await this.host.prompter().pickMany(
      topics.map((t) => ({
        label: t.topic,
        description: t.description ?? '',
        picked: c.instance.topics.includes(t.topic),
        topic: t.topic,
      })),
      { title: `Tat topics to read from ${new URL(c.instance.url).host}` },
    );
    if (!picks) return undefined;
    const chosen = picks.map((p) => p.topic);
    await setInstanceTopics(c.instance.url, chosen);
    return chosen;
  }

  /** `DevOps: Post to Tat…`: a message about the selected lines, tagged with file, lines and commit. */
  private async postSelection(): Promise<PostedTo | undefined> {
    const editor = vscode.window.activeTextEditor;
    const r = editor && this.host.git.repositoryFor(editor.document.uri);
    if (!editor || !r || editor.document.isUntitled) {
      void notify('warning', 'DevOps: Post to Tat needs a file of a workspace git repository in the editor.');
      return undefined;
    }
    const c = await this.pickInstance('Post to Tat: which instance', true);
    if (!c) return undefined;
    const ask = this.host.prompter();
    const topic =
      c.instance.topics.length === 1
        ? c.instance.topics[0]
        : (
            await ask.pick(
              c.instance.topics.map((t) => ({ label: t, topic: t })),
              { title: 'Post to Tat: topic' },
            )
          )?.topic;
    if (!topic) return undefined;
    const file = this.host.git.relativePath(r, editor.document.uri);
    const { start, end } = editor.selection;
    const startLine = start.line + 1;
    const endLine = Math.max(startLine, end.line + (end.character === 0 && end.line > start.line ? 0 : 1));
    const text = await ask.input({
      title: `Post to Tat ${topic}: about ${file}:${startLine}${endLine > startLine ? `-${endLine}` : ''}`,
      prompt: 'The message (file, lines and commit are added as tags)',
      validateInput: (v) => (v.trim() === '' ? 'A message is required' : v.length > 2000 ? 'At most 2000 characters' : undefined),
    });
    if (!text?.trim()) return undefined;
    const message = selectionMessage({
      text,
      file,
      startLine,
      endLine,
      commit: await r.repo.head(),
      branch: await r.repo.currentBranch(),
      repo: repoIdentity(this.host, r),
    });
    const posted = await this.post(c, topic, message);
    void notify('info', `DevOps: posted to Tat topic ${topic}.`);
    return posted;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** The canonical remote identity of a repository (`host/owner/name`), not its folder path. */
function repoIdentity(host: ServiceHost, r: WorkspaceRepository): string | undefined {
  return host.git.identitiesOf(r).find((i) => !path.isAbsolute(i));
}

function refKey(instance: TatInstance, topic: string): string {
  return `${new URL(instance.url).host}${topic}`;
}

function parseRef(ref: string | undefined): { key: string; id: string } | undefined {
  const hash = ref?.lastIndexOf('#') ?? -1;
  return ref && hash > 0 ? { key: ref.slice(0, hash), id: ref.slice(hash + 1) } : undefined;
}
