/**
 * Jenkins in the real extension host, against the local server that answers only as the Jenkins API
 * extract documents (test/fixtures/jenkins/docServer.ts: `@Exported` properties and `?tree=`, the Pipeline
 * REST API's OpenAPI shapes, Basic auth, session-bound crumbs on POSTs): a multibranch project in a folder,
 * found by the remote URL its builds checked out. A pipeline and its stages appear in the Build view, the
 * status bar flips when HEAD's build fails, a failed test lands in Problems on the line its stack trace
 * names, and Build Now asks for the job's parameter and posts it with the crumb.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SignalNode, TreeNode } from '../../src/core/phaseTree';
import type { DevOpsApi } from '../../src/extension';
import { branchJobName } from '../../src/sources/jenkins';
import { DocServer, EXTRACT_PATH, type FxRun } from '../fixtures/jenkins/docServer';
import { activateExtension, EXTENSION_ID, waitFor } from './api';
import { ScriptedPrompter } from './scriptedPrompter';

const USER = 'dev';
const TOKEN = 'jenkins-itest-11aa22bb33cc44dd';
const REMOTE = 'jenkins-itest';
const REMOTE_URL = 'https://git.example.com/team/app.git';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
const allNodes = (nodes: readonly TreeNode[]): TreeNode[] =>
  nodes.flatMap((n) => [n, ...(n.type === 'health' ? [] : allNodes(n.children))]);

describe('Jenkins (multibranch project in a folder, API token from SecretStorage)', function () {
  this.timeout(120_000);
  let api: DevOpsApi;
  let server: DocServer;
  let root: string;
  let branch: string;
  let sha: string;
  let running: FxRun;

  before(async () => {
    api = await activateExtension();
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    if (!fs.existsSync(EXTRACT_PATH))
      fs.copyFileSync(path.join(extensionPath, 'test/fixtures/jenkins/jenkins-api-extract.json'), EXTRACT_PATH);
    const repo = await waitFor('the demo repository', () => api.git.all()[0]);
    root = repo.repo.root;
    branch = (await repo.repo.currentBranch())!;
    sha = git(root, 'rev-parse', 'HEAD');
    running = {
      number: 2,
      building: true,
      timestamp: Date.now(),
      cause: 'Started by user Dev',
      sha,
      gitBranch: `origin/${branch}`,
      remoteUrl: REMOTE_URL,
      stages: [
        { id: '6', name: 'Build', status: 'SUCCESS', durationMillis: 20_000 },
        { id: '12', name: 'Test', status: 'IN_PROGRESS' },
      ],
    };
    server = await DocServer.start({
      users: { [USER]: TOKEN },
      prefix: '/jenkins',
      jobs: [
        {
          name: 'team',
          kind: 'folder',
          jobs: [
            {
              name: 'app',
              kind: 'multibranch',
              jobs: [
                {
                  name: branchJobName(branch),
                  kind: 'pipeline',
                  parameters: [{ name: 'TARGET', type: 'ChoiceParameterDefinition', choices: ['staging', 'qa'], defaultValue: 'staging' }],
                  builds: [
                    { number: 1, result: 'SUCCESS', duration: 60_000, timestamp: Date.now() - 3_600_000, sha, remoteUrl: REMOTE_URL },
                    running,
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    git(root, 'remote', 'add', REMOTE, REMOTE_URL);
    await waitFor('the remote among the repository identities', async () => {
      await api.git.refresh(repo);
      return api.git.identitiesOf(repo).includes('git.example.com/team/app');
    });
    await vscode.workspace
      .getConfiguration('devops.jenkins')
      .update('instances', [{ url: server.base, user: USER }], vscode.ConfigurationTarget.Global);
    const prompter = new ScriptedPrompter([{ input: TOKEN }]);
    api.setPrompter(prompter);
    await vscode.commands.executeCommand('devops.jenkins.setToken');
    assert.ok(prompter.done, `questions asked: ${prompter.asked.join(' | ')}`);
  });

  after(async () => {
    if (!api) return;
    api.setPrompter(new ScriptedPrompter([{ input: '' }]));
    await vscode.commands.executeCommand('devops.jenkins.setToken');
    api.setPrompter(undefined);
    await vscode.workspace.getConfiguration('devops.jenkins').update('instances', undefined, vscode.ConfigurationTarget.Global);
    if (root) {
      git(root, 'remote', 'remove', REMOTE);
      const repo = api.git.all().find((r) => r.repo.root === root)!;
      await waitFor('the remote to leave the repository identities', async () => {
        await api.git.refresh(repo);
        return !api.git.identitiesOf(repo).includes('git.example.com/team/app');
      });
    }
    await waitFor('Jenkins signals to leave the hub', () => !api.hub.all().some((s) => s.source.startsWith('jenkins:')));
    assert.deepEqual(server.violations, [], 'every request was one the extract documents');
    await server?.close();
  });

  it('shows the pipeline of the current branch with its stages, found by the remote URL, the token sent only to the instance', async () => {
    await vscode.commands.executeCommand('devops.refresh');
    const run = await waitFor('build #2 in the Build view', () =>
      allNodes(api.views.build.getChildren()).find(
        (n): n is SignalNode => n.type === 'signal' && n.signal.kind === 'pipelineRun' && n.signal.detail?.number === 2,
      ),
    );
    assert.equal(run.signal.anchors.branch, branch);
    assert.deepEqual(run.signal.anchors.commits, [sha]);
    assert.equal(run.signal.detail?.cause, 'Started by user Dev');
    const stages = run.children.filter((n): n is SignalNode => n.type === 'signal').map((n) => [n.signal.title, n.signal.state.normal]);
    assert.deepEqual(stages, [
      ['Build', 'success'],
      ['Test', 'running'],
    ]);
    assert.match(api.views.build.getTreeItem(run).contextValue ?? '', /^signal\.jenkins\.pipelineRun\.running/);
    const basic = `Basic ${Buffer.from(`${USER}:${TOKEN}`).toString('base64')}`;
    assert.ok(server.requests.length > 0 && server.requests.every((r) => r.url.startsWith('/jenkins/') && r.authorization === basic));
  });

  it('flips the status bar when the build of HEAD fails, and lands the failed test in Problems on its line', async () => {
    await waitFor('the status bar to show the running build', () => api.statusBar.text === '$(sync~spin) CI');
    running.building = false;
    running.result = 'UNSTABLE';
    running.duration = 95_000;
    running.stages = [
      { id: '6', name: 'Build', status: 'SUCCESS', durationMillis: 20_000 },
      { id: '12', name: 'Test', status: 'UNSTABLE', durationMillis: 75_000 },
    ];
    running.testReport = {
      failCount: 1,
      passCount: 3,
      skipCount: 0,
      suites: [
        {
          name: 'mocha',
          cases: [
            {
              className: 'math',
              name: 'mean of [] is 0',
              status: 'FAILED',
              age: 1,
              errorDetails: 'expected NaN to equal 0',
              errorStackTrace:
                'AssertionError: expected NaN to equal 0\n    at Context.<anonymous> (/var/jenkins/workspace/team_app_main/src/math.ts:6:10)',
            },
          ],
        },
      ],
    };
    await vscode.commands.executeCommand('devops.refresh');
    await waitFor('the status bar to show the failure', () => api.statusBar.text === '$(error) CI');
    assert.match(api.statusBar.summary?.tooltip ?? '', /Jenkins team » app » .* #2 on .*: UNSTABLE/);
    const file = vscode.Uri.file(path.join(root, 'src', 'math.ts'));
    const [diagnostic] = await waitFor('the failed test in Problems', () => {
      const found = vscode.languages.getDiagnostics(file).filter((d) => d.source === 'DevOps: mocha');
      return found.length > 0 && found;
    });
    assert.equal(diagnostic.range.start.line, 5);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /^math\.mean of \[\] is 0 failed: expected NaN to equal 0/);
    const tests = allNodes(api.views.build.getChildren()).find((n): n is SignalNode => n.type === 'signal' && n.signal.title === 'Tests');
    assert.ok(
      tests && tests.children.some((n) => n.type === 'signal' && n.signal.title === 'math.mean of [] is 0'),
      'the failed case is under the build',
    );
  });

  it('builds now with the parameter asked through the prompter, posting the crumb with its session cookie', async () => {
    const run = api.hub.all().find((s) => s.source.startsWith('jenkins:') && s.kind === 'pipelineRun' && s.detail?.number === 2)!;
    const prompter = new ScriptedPrompter([{ pick: 'qa' }]);
    api.setPrompter(prompter);
    await vscode.commands.executeCommand('devops.jenkins.buildNow', run.id);
    api.setPrompter(undefined);
    assert.ok(prompter.done, `questions asked: ${prompter.asked.join(' | ')}`);
    assert.deepEqual(server.actions, [
      { action: 'buildWithParameters', job: `team/app/${branchJobName(branch)}`, parameters: { TARGET: 'qa' } },
    ]);
    const post = server.requests.find((r) => r.method === 'POST')!;
    assert.ok(post.crumb && /JSESSIONID\.test=/.test(post.cookie ?? ''), 'the crumb and its session cookie');
  });

  it('shows the build log in a read-only document, following it while Jenkins says more is coming', async () => {
    running.log = 'Started by user Dev\n[Pipeline] stage (Test)\n';
    running.logMore = true;
    const run = api.hub.all().find((s) => s.source.startsWith('jenkins:') && s.kind === 'pipelineRun' && s.detail?.number === 2)!;
    const uri = (await vscode.commands.executeCommand('devops.jenkins.showLog', run.id)) as string;
    const document = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    assert.match(document()?.getText() ?? '', /\[Pipeline\] stage \(Test\)\n$/);
    running.log += '\u001b[31m1 failing\u001b[0m\nFinished: UNSTABLE\n'; // Coloured as the AnsiColor plugin writes it.
    running.logMore = false;
    await waitFor('the rest of the log in the document', () =>
      /stage \(Test\)\n1 failing\nFinished: UNSTABLE\n$/.test(document()?.getText() ?? ''),
    );
    assert.deepEqual(
      api.logStyles.runsAt(vscode.Uri.parse(uri), 2).map((r) => [r.start, r.end, r.look.fg]),
      [[0, 9, 'Red']],
      'the colour is drawn like every CI log, not shown as escapes',
    );
    const reads = server.requests.filter((r) => r.url.includes('/2/logText/progressiveText'));
    assert.ok(
      reads.length >= 2 && reads.at(-1)!.url.endsWith(`start=${Buffer.byteLength('Started by user Dev\n[Pipeline] stage (Test)\n')}`),
      'read on from the offset Jenkins gave',
    );
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
