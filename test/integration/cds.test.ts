/**
 * CDS in the real extension host, against the local server that answers only as the CDS extract documents
 * (test/fixtures/cds/docServer.ts: the routes, parameters and json tags of ovh/cds at a recorded commit,
 * builtin-consumer sign-in, expiring sessions, a CDN on its own origin). The workflow is found by the
 * repository's name; a run of the current branch appears in the Build view with its jobs and steps, the status
 * bar shows it, it can be restarted (a new sub-run from the workflow's root), its step log opens coloured, and
 * an expired session is renewed without the user noticing.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SignalNode, TreeNode } from '../../src/core/phaseTree';
import type { DevOpsApi } from '../../src/extension';
import { CdsDocServer, EXTRACT_PATH, type FxRun } from '../fixtures/cds/docServer';
import { activateExtension, EXTENSION_ID, waitFor } from './api';
import { ScriptedPrompter } from './scriptedPrompter';

const TOKEN = 'cds-itest-consumer-0011223344556677';
const CDSCTL_TOKEN = 'cds-itest-cdsctl-8899aabbccddeeff';
const REMOTE = 'cds-itest';
const REMOTE_URL = 'https://git.example.com/team/app.git';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
const allNodes = (nodes: readonly TreeNode[]): TreeNode[] =>
  nodes.flatMap((n) => [n, ...(n.type === 'health' ? [] : allNodes(n.children))]);
const signalNodes = (nodes: readonly TreeNode[]) => nodes.filter((n): n is SignalNode => n.type === 'signal');

describe('CDS (workflow found by the repository name, sign-in token from SecretStorage)', function () {
  this.timeout(120_000);
  let api: DevOpsApi;
  let server: CdsDocServer;
  let root: string;
  let branch: string;
  let sha: string;
  let run: FxRun;

  before(async () => {
    api = await activateExtension();
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    if (!fs.existsSync(EXTRACT_PATH)) fs.copyFileSync(path.join(extensionPath, 'test/fixtures/cds/cds-api-extract.json'), EXTRACT_PATH);
    const repo = await waitFor('the demo repository', () => api.git.all()[0]);
    root = repo.repo.root;
    branch = (await repo.repo.currentBranch())!;
    sha = git(root, 'rev-parse', 'HEAD');
    const t = Date.now() - 600_000;
    run = {
      num: 4,
      status: 'Fail',
      branch,
      hash: sha,
      triggeredBy: 'alice',
      start: t,
      lastModified: t + 90_000,
      nodes: [
        {
          id: 401,
          nodeId: 11,
          name: 'build',
          status: 'Fail',
          stages: [
            {
              name: 'Compile',
              status: 'Fail',
              jobs: [
                {
                  id: 4001,
                  name: 'Go build',
                  status: 'Fail',
                  start: t + 1000,
                  done: t + 80_000,
                  steps: [
                    { name: 'checkout', status: 'Success', start: t + 1000, done: t + 2000, log: 'cloned\n' },
                    {
                      name: 'make',
                      status: 'Fail',
                      start: t + 2000,
                      done: t + 80_000,
                      log: 'go build ./...\n\u001b[31mFAIL\u001b[0m main.go:3\n',
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    server = await CdsDocServer.start({
      signinTokens: [TOKEN, CDSCTL_TOKEN],
      projects: [{ key: 'TEAM', name: 'Team', workflows: [{ name: 'app-ci', repo: 'team/app', runs: [run] }] }],
    });
    git(root, 'remote', 'add', REMOTE, REMOTE_URL);
    await waitFor('the remote among the repository identities', async () => {
      await api.git.refresh(repo);
      return api.git.identitiesOf(repo).includes('git.example.com/team/app');
    });
    await vscode.workspace.getConfiguration('devops.cds').update('instances', [{ url: server.base }], vscode.ConfigurationTarget.Global);
    const prompter = new ScriptedPrompter([{ input: TOKEN }]);
    api.setPrompter(prompter);
    await vscode.commands.executeCommand('devops.cds.setToken');
    api.setPrompter(undefined);
    assert.ok(prompter.done, `questions asked: ${prompter.asked.join(' | ')}`);
  });

  after(async () => {
    if (!api) return;
    if (vscode.workspace.getConfiguration('devops.cds').inspect('instances')?.globalValue !== undefined) {
      api.setPrompter(new ScriptedPrompter([{ input: '' }]));
      await vscode.commands.executeCommand('devops.cds.setToken');
      api.setPrompter(undefined);
    }
    await vscode.workspace.getConfiguration('devops.cds').update('instances', undefined, vscode.ConfigurationTarget.Global);
    if (root) {
      git(root, 'remote', 'remove', REMOTE);
      const repo = api.git.all().find((r) => r.repo.root === root)!;
      await waitFor('the remote to leave the repository identities', async () => {
        await api.git.refresh(repo);
        return !api.git.identitiesOf(repo).includes('git.example.com/team/app');
      });
    }
    await waitFor('CDS signals to leave the hub', () => !api.hub.all().some((s) => s.source.startsWith('cds:')));
    assert.deepEqual(server.violations, [], 'every request was one the extract documents');
    await server?.close();
  });

  const runNode = (title: string) =>
    allNodes(api.views.build.getChildren()).find(
      (n): n is SignalNode => n.type === 'signal' && n.signal.kind === 'pipelineRun' && n.signal.title === title,
    );

  it('shows the run of the current branch with its jobs and steps, the session token sent only to CDS and its CDN', async () => {
    await vscode.commands.executeCommand('devops.refresh');
    const node = await waitFor('run #4 in the Build view', () => runNode('app-ci #4'));
    assert.equal(node.signal.anchors.branch, branch);
    assert.deepEqual(node.signal.anchors.commits, [sha]);
    assert.equal(node.signal.url, 'https://cds-ui.example.com/project/TEAM/workflow/app-ci/run/4');
    const [job] = signalNodes(node.children);
    assert.deepEqual([job.signal.title, job.signal.state.normal], ['Go build', 'failed']);
    assert.deepEqual(
      signalNodes(job.children).map((s) => [s.signal.title, s.signal.state.normal]),
      [
        ['checkout', 'success'],
        ['make', 'failed'],
      ],
    );
    assert.match(api.views.build.getTreeItem(node).contextValue ?? '', /^signal\.cds\.pipelineRun\.failed/);
    await waitFor('the status bar to show the failed run', () => api.statusBar.text === '$(error) CI');
    assert.match(api.statusBar.summary?.tooltip ?? '', /CDS app-ci #4 on .*: Fail/);
    const signin = server.requests.filter((r) => r.url === '/auth/consumer/builtin/signin');
    assert.ok(signin.length >= 1 && signin.every((r) => r.authorization === undefined));
    assert.ok(server.requests.filter((r) => !signin.includes(r)).every((r) => /^Bearer eyJ/.test(r.authorization ?? '')));
  });

  it('restarts the run: a new sub-run from the root node, shown after the refresh', async () => {
    const signal = api.hub.all().find((s) => s.source.startsWith('cds:') && s.kind === 'pipelineRun' && s.title === 'app-ci #4')!;
    const answer = (await vscode.commands.executeCommand('devops.cds.restartRun', signal.id)) as { number: number; fromNodes: number[] };
    assert.deepEqual(answer, { number: 4, fromNodes: [11] });
    assert.deepEqual(server.actions, [{ action: 'restart', workflow: 'TEAM/app-ci', number: 4, fromNodes: [11] }]);
    const restarted = await waitFor('the sub-run #4.1 in the Build view', () => runNode('app-ci #4.1'));
    assert.equal(restarted.signal.state.native, 'Waiting');
    assert.match(api.views.build.getTreeItem(restarted).contextValue ?? '', /^signal\.cds\.pipelineRun\.queued/);
    await waitFor('the status bar to spin', () => api.statusBar.text === '$(sync~spin) CI');
  });

  it('opens the failed step’s log from a job row, coloured like every CI log', async () => {
    const job = api.hub.all().find((s) => s.source.startsWith('cds:') && s.kind === 'job' && s.title === 'Go build')!;
    const uri = (await vscode.commands.executeCommand('devops.cds.showStepLog', job.id)) as string;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    assert.equal(document?.getText(), 'go build ./...\nFAIL main.go:3\n');
    assert.deepEqual(
      api.logStyles.runsAt(vscode.Uri.parse(uri), 1).map((r) => [r.start, r.end, r.look.fg]),
      [[0, 4, 'Red']],
    );
    assert.ok(server.requests.some((r) => r.service === 'cdn' && /^Bearer eyJ/.test(r.authorization ?? '')));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('follows the log of a step that is still building until it ends', async () => {
    const step = run.nodes[0].stages[0].jobs[0].steps![1];
    Object.assign(step, { status: 'Building', done: undefined, log: 'go build ./...\n' });
    run.status = 'Building';
    run.lastModified = Date.now();
    await vscode.commands.executeCommand('devops.refresh');
    const signal = await waitFor('the step building in the hub', () =>
      api.hub.all().find((s) => s.source.startsWith('cds:') && s.title === 'make' && s.state.normal === 'running'),
    );
    const uri = (await vscode.commands.executeCommand('devops.cds.showStepLog', signal.id)) as string;
    const document = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    // The same step's log was open a moment ago: it is read again, not shown as it was.
    await waitFor('the log as it is now', () => document()?.getText() === 'go build ./...\n');
    Object.assign(step, { status: 'Success', done: Date.now(), log: 'go build ./...\nok\n' });
    run.status = 'Success';
    await vscode.commands.executeCommand('devops.refresh');
    await waitFor('the rest of the log in the document', () => document()?.getText() === 'go build ./...\nok\n');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('signs in again when the session expired, without a word to the user', async () => {
    const before = server.signIns;
    server.expireSessions();
    await vscode.commands.executeCommand('devops.refresh');
    await waitFor('a new sign-in', () => server.signIns === before + 1);
    await waitFor('the runs still shown, not stale', () => {
      const node = runNode('app-ci #4.1');
      return node && !node.stale;
    });
  });

  it("with nothing configured, uses cdsctl's current context: its URL, and its token for that URL only", async () => {
    api.setPrompter(new ScriptedPrompter([{ input: '' }]));
    await vscode.commands.executeCommand('devops.cds.setToken');
    api.setPrompter(undefined);
    const rc = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdsrc-')), 'cdsrc');
    // As cdsctl writes it (cli/cdsctl/internal/cdsctx.go): the current context, then one table per context.
    fs.writeFileSync(rc, `current = "itest"\n\n[itest]\n  Host = "${server.base}"\n  Session = ""\n  Token = "${CDSCTL_TOKEN}"\n`);
    process.env.CDS_FILE = rc;
    try {
      await vscode.workspace.getConfiguration('devops.cds').update('instances', undefined, vscode.ConfigurationTarget.Global);
      await waitFor("a sign-in with cdsctl's token", () =>
        server.requests.some((r) => r.url === '/auth/consumer/builtin/signin' && r.body?.includes(CDSCTL_TOKEN)),
      );
      await vscode.commands.executeCommand('devops.refresh');
      await waitFor('the runs again, through the context', () => runNode('app-ci #4.1'));
    } finally {
      delete process.env.CDS_FILE;
      fs.rmSync(path.dirname(rc), { recursive: true, force: true });
      // A settings change makes the service look again: without the file, nothing is left to connect.
      await vscode.workspace.getConfiguration('devops.cds').update('instances', [], vscode.ConfigurationTarget.Global);
      await vscode.workspace.getConfiguration('devops.cds').update('instances', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
