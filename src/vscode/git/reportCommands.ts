import * as vscode from 'vscode';
import { SignalHub } from '../../core/hub';
import { shortSha } from '../../core/format';
import { Signal, tagValue } from '../../core/signal';
import {
  DEPLOY_STATUSES,
  DeployStatus,
  INCIDENT_SEVERITIES,
  IncidentSeverity,
  LIMITS,
  UntrustedConfigError,
  environmentNameError,
  releaseNotesForRange,
  syncNotes,
} from '../../sources/git';
import { escapeMarkdown, renderReleaseNotesMarkdown } from '../../core/releaseNotes';
import { postedToOf } from '../../core/postedTo';
import { Prompter } from '../prompter';
import type { SignalChoice } from '../signalChoice';
import { GitWorkspace, WorkspaceRepository } from './gitWorkspace';
import { notify } from '../notify';
import type { Reference } from '../../core/releaseNotes';
import type { PostedTo } from '../../sources/git';
import type { DeployDestination, DeployInput, IncidentDestination, ResolvedReference } from '../service';

export interface ReportDeps {
  git: GitWorkspace;
  hub: SignalHub;
  log: vscode.LogOutputChannel;
  /** Read at each call so tests can swap it. */
  prompter: () => Prompter;
  chooseSignal(choice: SignalChoice): Promise<Signal | undefined>;
  /** Every registered service's, read at each report. */
  deployDestinations: () => readonly DeployDestination[];
  /** Every registered service's incident destinations (Tat topics, chat webhooks), read at each report. */
  incidentDestinations: () => readonly IncidentDestination[];
  /** Titles and links of release-note references, from the services that know them. */
  resolveReferences: (
    r: WorkspaceRepository,
    references: readonly Reference[],
    signal: AbortSignal,
  ) => Promise<ReadonlyMap<string, ResolvedReference>>;
  /** Warnings about the range from the services (issues of the release's version no commit names). */
  releaseWarnings?: (r: WorkspaceRepository, references: readonly Reference[], signal: AbortSignal) => Promise<readonly string[]>;
}

const STATUS_LABELS: Record<DeployStatus, string> = { success: 'Succeeded', failed: 'Failed', rolledBack: 'Rolled back' };
const SEVERITY_LABELS: Record<IncidentSeverity, string> = {
  critical: 'Critical — users are affected now',
  major: 'Major — degraded, workaround exists',
  minor: 'Minor — limited impact',
};

/** The commands that write the team's journal (git notes) and read release notes from tags. */
export function reportCommands(deps: ReportDeps): Record<string, (...args: unknown[]) => unknown> {
  return {
    'devops.reportDeploy': () => reportDeploy(deps),
    'devops.reportIncident': () => reportIncident(deps),
    'devops.resolveIncident': (arg) => resolveIncident(deps, arg),
    'devops.syncFeedback': () => syncFeedback(deps),
    'devops.generateReleaseNotes': () => generateReleaseNotes(deps),
  };
}

async function reportDeploy(deps: ReportDeps) {
  const ask = deps.prompter();
  const r = await deps.git.pick('Report Deploy', ask);
  if (!r) return undefined;
  const commit = await pickCommit(r, ask, 'Report Deploy: which commit was deployed?');
  if (!commit) return undefined;
  const environment = await pickEnvironment(deps, r, ask);
  if (!environment) return undefined;
  const defaultVersion = (await r.repo.tags()).find((t) => t.commit === commit)?.name ?? '';
  const version = await ask.input({
    title: 'Report Deploy: version (optional)',
    value: defaultVersion,
    prompt: `The version that runs in ${environment} now, e.g. v1.4.2`,
    validateInput: (v) => (v.length > LIMITS.version ? `At most ${LIMITS.version} characters` : undefined),
  });
  if (version === undefined) return undefined;
  const status = await ask.pick(
    DEPLOY_STATUSES.map((s) => ({ label: STATUS_LABELS[s], status: s })),
    { title: 'Report Deploy: outcome', placeHolder: 'How did the deploy end?' },
  );
  if (!status) return undefined;
  const url = await ask.input({
    title: 'Report Deploy: link (optional)',
    prompt: 'A pipeline or release page, http(s)',
    validateInput: urlError,
  });
  if (url === undefined) return undefined;
  const note = await ask.input({
    title: 'Report Deploy: note (optional)',
    validateInput: (v) => (v.length > LIMITS.note ? `At most ${LIMITS.note} characters` : undefined),
  });
  if (note === undefined) return undefined;

  const input: DeployInput = {
    commit,
    environment,
    status: status.status,
    version: version || undefined,
    url: url || undefined,
    note: note || undefined,
  };
  const chosen = await pickDestinations(
    ask,
    'Report Deploy',
    deps.deployDestinations().filter((d) => d.appliesTo(r)),
  );
  if (!chosen) return undefined;
  // Prepared first (its id tags what the other destinations receive), written last with where it went.
  const prepared = await r.journal.prepareDeploy(input);
  const { postedTo, failures } = await sendToDestinations(deps, chosen.destinations, (d) => d.report(r, input, { reportId: prepared.id }));
  const report = chosen.toJournal ? withPostedTo(prepared, postedTo) : undefined;
  if (report) {
    await r.journal.append(report);
    deps.log.info(`Reported deploy ${report.id}: ${shortSha(commit)} to ${environment} (${status.status})`);
  }
  await deps.git.refresh(r);
  if (report) offerSync(`Deploy of ${version || shortSha(commit)} to ${environment} recorded in git notes.`);
  if (failures.length) throw new Error(`deploy not recorded on ${failures.join('; ')}${report ? ' (it is in the git journal)' : ''}`);
  return report;
}

async function reportIncident(deps: ReportDeps) {
  const ask = deps.prompter();
  const editor = vscode.window.activeTextEditor;
  const r = await deps.git.pick('Report Incident', ask, editor?.document.uri);
  if (!r) return undefined;
  const severity = await ask.pick(
    INCIDENT_SEVERITIES.map((s) => ({ label: s, description: SEVERITY_LABELS[s], severity: s })),
    { title: 'Report Incident: severity' },
  );
  if (!severity) return undefined;
  const summary = await ask.input({
    title: 'Report Incident: summary',
    prompt: 'What is going wrong, in one line',
    validateInput: (v) =>
      v.trim().length === 0 ? 'A summary is required' : v.length > LIMITS.summary ? `At most ${LIMITS.summary} characters` : undefined,
  });
  if (!summary) return undefined;

  // The selected code, when the editor shows a file of this repository.
  let file: string | undefined;
  let startLine: number | undefined;
  let endLine: number | undefined;
  if (editor && deps.git.repositoryFor(editor.document.uri) === r && !editor.document.isUntitled) {
    file = deps.git.relativePath(r, editor.document.uri);
    const selection = editor.selection;
    startLine = selection.start.line + 1;
    endLine = selection.end.line + (selection.end.character === 0 && selection.end.line > selection.start.line ? 0 : 1);
  }
  const commit = await r.repo.head();
  if (!commit) throw new Error('the repository has no commit yet');

  const deploys = deps.hub
    .query({ kind: 'deployment', repo: deps.git.identitiesOf(r) })
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, 30);
  const none = { label: 'No linked deploy', deploy: undefined as Signal | undefined };
  const linked =
    deploys.length === 0
      ? none
      : await ask.pick(
          [
            none,
            ...deploys.map((d) => ({
              label: d.title,
              description: `${d.anchors.environment ?? ''} · ${new Date(d.createdAt).toLocaleString()}`,
              deploy: d as Signal | undefined,
            })),
          ],
          { title: 'Report Incident: which deploy does it follow?' },
        );
  if (!linked) return undefined;
  const deployId = linked.deploy?.detail?.reportId;

  const input = {
    commit,
    severity: severity.severity,
    summary: summary.trim(),
    file,
    startLine,
    endLine,
    deployId: typeof deployId === 'string' ? deployId : undefined,
  };
  const chosen = await pickDestinations(
    ask,
    'Report Incident',
    deps.incidentDestinations().filter((d) => d.appliesTo(r)),
  );
  if (!chosen) return undefined;
  const prepared = await r.journal.prepareIncident(input);
  const { postedTo, failures } = await sendToDestinations(deps, chosen.destinations, (d) =>
    d.report(r, { ...input, commit: prepared.commit }, { reportId: prepared.id }),
  );
  const report = chosen.toJournal ? withPostedTo(prepared, postedTo) : undefined;
  if (report) {
    await r.journal.append(report);
    deps.log.info(`Reported incident ${report.id} (${report.severity})${file ? ` on ${file}:${startLine}-${endLine}` : ''}`);
  }
  await deps.git.refresh(r);
  if (report) offerSync(`Incident recorded${file ? ` on ${file}:${startLine}` : ''}.`);
  if (failures.length) throw new Error(`incident not recorded on ${failures.join('; ')}${report ? ' (it is in the git journal)' : ''}`);
  return report;
}

async function resolveIncident(deps: ReportDeps, arg: unknown) {
  const ask = deps.prompter();
  const open = deps.hub
    .query({ kind: 'incident' })
    .filter((s) => s.state.normal === 'open' && deps.git.all().some((w) => w.source.id === s.source));
  if (arg === undefined && open.length === 0) {
    void notify('info', 'DevOps: no open incident.');
    return undefined;
  }
  const incident = await deps.chooseSignal({
    arg,
    candidates: open,
    title: 'Resolve Incident',
    describe: (s) => tagValue(s, 'severity') ?? '',
  });
  if (!incident) return undefined;
  const incidentId = incident.detail?.reportId;
  const r = deps.git.all().find((w) => w.source.id === incident.source);
  if (!r || typeof incidentId !== 'string' || incident.kind !== 'incident') {
    throw new Error('this incident was not reported in a git journal of this workspace');
  }
  if (incident.state.normal !== 'open') {
    void notify('info', 'DevOps: this incident is already resolved.');
    return undefined;
  }
  const note = await ask.input({ title: 'Resolve Incident: note (optional)', prompt: 'What fixed it?' });
  if (note === undefined) return undefined;
  const resolution = await r.journal.resolveIncident(incidentId, note || undefined);
  // Where the incident was also posted, it is resolved there too (Tat: a label on the same message).
  const failures: string[] = [];
  for (const posted of postedToOf(incident)) {
    const destination = deps.incidentDestinations().find((d) => d.resolves?.(posted));
    if (!destination?.resolve) continue;
    try {
      await destination.resolve(r, posted, note || undefined);
      deps.log.info(`Resolved incident ${incidentId} on ${posted.where}`);
    } catch (err) {
      failures.push(`${posted.where}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  await deps.git.refresh(r);
  offerSync(`Incident "${incident.title}" resolved.`);
  if (failures.length) throw new Error(`incident resolved in the git journal but not on ${failures.join('; ')}`);
  return resolution;
}

async function syncFeedback(deps: ReportDeps) {
  if (!vscode.workspace.isTrusted) {
    // fetch/push can run programs named by the repository's config; never in Restricted Mode.
    void notify('warning', 'DevOps: Sync Feedback needs a trusted workspace.', 'Manage Workspace Trust').then(
      (choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'),
    );
    return undefined;
  }
  const repos = deps.git.all();
  if (repos.length === 0) {
    void notify('warning', 'DevOps: no git repository in this workspace.');
    return undefined;
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'DevOps: syncing feedback', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const results = [];
      for (const r of repos) {
        const remote = vscode.workspace.getConfiguration('devops.git', vscode.Uri.file(r.repo.root)).get<string>('syncRemote') || undefined;
        progress.report({ message: r.repo.root });
        try {
          const result = await syncNotes(r.repo, {
            trusted: true,
            remote,
            ref: r.journal.ref,
            logger: deps.log,
            signal: controller.signal,
          });
          results.push(result);
          deps.log.info(`Sync ${r.repo.root} with ${result.remote}: merged=${result.merged} pushed=${result.pushed}`);
          r.feedback.cache.forgetUnknown();
          await deps.git.refresh(r);
        } catch (err) {
          const message = err instanceof UntrustedConfigError ? err.message : err instanceof Error ? err.message : String(err);
          throw new Error(`sync of ${r.repo.root} failed: ${message}`);
        }
      }
      void notify(
        'info',
        `DevOps: feedback synced (${results.map((x) => `${x.remote}: ${x.merged ? 'received reports' : 'nothing new'}, ${x.pushed ? 'sent reports' : 'nothing to send'}`).join('; ')}).`,
      );
      return results;
    },
  );
}

async function generateReleaseNotes(deps: ReportDeps) {
  const ask = deps.prompter();
  const r = await deps.git.pick('Generate Release Notes', ask);
  if (!r) return undefined;
  const tags = await r.repo.tags();
  const lastTag = await r.repo.lastTag('HEAD');
  // Every tag, newest first (the pick filters as one types), and any ref typed in: an old release must be reachable.
  const tagItems = tags.map((t) => ({ label: t.name, description: shortSha(t.commit), ref: t.name as string | undefined }));
  const otherRef = { label: '$(edit) Other ref…', description: 'a branch, commit or tag typed in', ref: undefined };
  const toTitle = 'Release notes up to…';
  const to = await ask.pick(
    [{ label: 'HEAD', description: 'the current commit', ref: 'HEAD' as string | undefined }, ...tagItems, otherRef],
    {
      title: toTitle,
      matchOnDescription: true,
    },
  );
  if (!to) return undefined;
  const toRef = to === otherRef ? await askRef(r, ask, toTitle) : to.ref!;
  if (!toRef) return undefined;
  const fromTitle = `Release notes from… (exclusive) to ${toRef}`;
  const previous = {
    label: 'Previous tag',
    description: toRef === 'HEAD' ? (lastTag ?? 'none: the whole history') : 'the tag before it',
    ref: undefined as string | undefined,
  };
  const from = await ask.pick([previous, ...tagItems.filter((t) => t.ref !== toRef), otherRef], {
    title: fromTitle,
    matchOnDescription: true,
  });
  if (!from) return undefined;
  const fromRef = from === otherRef ? await askRef(r, ask, fromTitle) : from.ref;
  if (from === otherRef && !fromRef) return undefined;
  const range = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'DevOps: reading history' }, () =>
    releaseNotesForRange(r.repo, { from: fromRef, to: toRef }),
  );
  const titles = await deps.resolveReferences(r, range.notes.references, new AbortController().signal).catch((err) => {
    deps.log.warn(`Release notes: reference titles: ${err instanceof Error ? err.message : String(err)}`);
    return new Map<string, ResolvedReference>();
  });
  let markdown = renderReleaseNotesMarkdown(range.notes, {
    title: toRef === 'HEAD' ? 'Unreleased' : toRef,
    referenceTitle: (ref) => titles.get(ref.key)?.title,
    referenceUrl: (ref) => titles.get(ref.key)?.url,
    groupBy:
      vscode.workspace.getConfiguration('devops.releaseNotes', vscode.Uri.file(r.repo.root)).get<string>('groupBy') === 'issue'
        ? 'issue'
        : 'type',
  });
  if (range.truncated) markdown += '\n\n_Only the newest commits of the range are included._\n';
  const warnings = await (deps.releaseWarnings?.(r, range.notes.references, new AbortController().signal) ?? Promise.resolve([])).catch(
    (err: unknown) => {
      deps.log.warn(`Release notes: warnings: ${err instanceof Error ? err.message : String(err)}`);
      return [] as string[];
    },
  );
  if (warnings.length)
    markdown += `\n## Warnings\n\n${warnings.map((w) => `- ${escapeMarkdown(w.replace(/[\u0000-\u001f]+/g, ' '))}`).join('\n')}\n`;
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(document, { preview: false });
  return markdown;
}

/** A revision the user types (tag, branch, SHA, `v1.2^`), checked to name a commit of the repository. */
async function askRef(r: WorkspaceRepository, ask: Prompter, title: string): Promise<string | undefined> {
  const rev = await ask.input({ title, prompt: 'A tag, branch or commit SHA', validateInput: revisionSyntaxError });
  if (!rev) return undefined;
  if (!(await r.repo.resolveRef(rev))) throw new Error(`"${rev}" does not name a commit of ${r.repo.root}`);
  return rev;
}

function revisionSyntaxError(rev: string): string | undefined {
  return /^[\w./@^~-]{1,200}$/.test(rev) && !rev.startsWith('-') ? undefined : 'Letters, digits and . / @ ^ ~ - only, not starting with -';
}

type Destination = DeployDestination | IncidentDestination;

/** With other destinations, the user picks where to record (all picked by default); undefined when cancelled. */
async function pickDestinations<D extends Destination>(
  ask: Prompter,
  title: string,
  extra: readonly D[],
): Promise<{ toJournal: boolean; destinations: D[] } | undefined> {
  if (extra.length === 0) return { toJournal: true, destinations: [] };
  const journal = {
    label: 'git notes journal',
    description: 'shared with the team through the remote',
    picked: true,
    destination: undefined as D | undefined,
  };
  const picks = await ask.pickMany(
    [journal, ...extra.map((d) => ({ label: d.label, description: d.description, picked: true, destination: d as D | undefined }))],
    { title: `${title}: where to record it` },
  );
  if (!picks || picks.length === 0) return undefined;
  return {
    toJournal: picks.some((p) => p.destination === undefined),
    destinations: picks.map((p) => p.destination).filter((d): d is D => d !== undefined),
  };
}

/** Each destination in turn; what they answer is recorded on the report, what fails is told. */
async function sendToDestinations<D extends Destination>(
  deps: ReportDeps,
  destinations: readonly D[],
  send: (d: D) => Promise<PostedTo | void>,
): Promise<{ postedTo: PostedTo[]; failures: string[] }> {
  const postedTo: PostedTo[] = [];
  const failures: string[] = [];
  for (const destination of destinations) {
    try {
      const posted = await send(destination);
      if (posted) postedTo.push(posted);
      deps.log.info(`Report sent to ${destination.label}`);
    } catch (err) {
      failures.push(`${destination.label}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { postedTo, failures };
}

function withPostedTo<R extends { postedTo?: PostedTo[] }>(report: R, postedTo: PostedTo[]): R {
  return postedTo.length ? { ...report, postedTo } : report;
}

/** Commit choices: HEAD first, then tags, then any revision the user types. */
async function pickCommit(r: WorkspaceRepository, ask: Prompter, title: string): Promise<string | undefined> {
  const head = await r.repo.head();
  if (!head) throw new Error('the repository has no commit yet');
  const [headCommit] = await r.repo.log({ to: head, limit: 1 });
  const tags = await r.repo.tags();
  const other = { label: '$(edit) Other commit…', sha: '' };
  const items = [
    { label: `HEAD ${shortSha(head)}`, description: headCommit?.subject ?? '', sha: head },
    ...tags.map((t) => ({ label: `$(tag) ${t.name}`, description: shortSha(t.commit), sha: t.commit })),
    other,
  ];
  const choice = await ask.pick(items, { title, matchOnDescription: true });
  if (!choice) return undefined;
  if (choice !== other) return choice.sha;
  const rev = await ask.input({ title, prompt: 'A commit SHA, tag or branch', validateInput: revisionSyntaxError });
  if (!rev) return undefined;
  const sha = await r.repo.resolveRef(rev);
  if (!sha) throw new Error(`"${rev}" does not name a commit of ${r.repo.root}`);
  return sha;
}

/** Known environments (settings, then any reported) or a new one. */
async function pickEnvironment(deps: ReportDeps, r: WorkspaceRepository, ask: Prompter): Promise<string | undefined> {
  const configured = vscode.workspace.getConfiguration('devops', vscode.Uri.file(r.repo.root)).get<string[]>('environments', []);
  const reported = deps.hub
    .query({ kind: 'deployment' })
    .map((d) => d.anchors.environment)
    .filter((e): e is string => !!e);
  const known = [...new Set([...configured, ...reported])];
  const create = { label: '$(add) New environment…', env: '' };
  const choice = await ask.pick([...known.map((env) => ({ label: env, env })), create], { title: 'Report Deploy: environment' });
  if (!choice) return undefined;
  if (choice !== create) return choice.env;
  return ask.input({
    title: 'Report Deploy: new environment',
    prompt: 'e.g. production, staging, eu-west',
    validateInput: environmentNameError,
  });
}

function urlError(value: string): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : 'Only http(s) links';
  } catch {
    return 'Not a URL';
  }
}

function offerSync(message: string): void {
  void notify('info', `DevOps: ${message} Sync to share it with the team.`, 'Sync Feedback').then(
    (choice) => choice && vscode.commands.executeCommand('devops.syncFeedback'),
  );
}
