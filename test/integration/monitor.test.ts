/**
 * The Monitor feature inside the real VS Code host, against a REAL Alertmanager (Debian's
 * `prometheus-alertmanager`, started by test/fixtures/alertmanager/server.ts) and a local server
 * answering as Sentry's API documents it (test/fixtures/sentry/server.ts). The workspace is the demo
 * repository (test/tools/demo-workspace.mjs), whose src/math.ts line 6 is `mean()`'s return.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GroupNode, SignalNode, TreeNode } from '../../src/core/phaseTree';
import type { DevOpsApi } from '../../src/extension';
import type { Prompter } from '../../src/vscode/prompter';
import { RealAlertmanager } from '../fixtures/alertmanager/server';
import { SentryTestServer } from '../fixtures/sentry/server';
import { EXTENSION_ID, activateExtension, waitFor } from './api';

const SENTRY_TOKEN = 'sntrys_itest_0123456789abcdef';
const MATH_LINE = 6; // `return values.length === 0 ? 0 : sum(values) / values.length;`

function group(nodes: readonly TreeNode[], predicate: (g: GroupNode) => boolean): GroupNode | undefined {
  return nodes.find((n): n is GroupNode => n.type === 'group' && predicate(n));
}

/** instance → severity → service → alert, as the Monitor view shows it. */
function alertNode(api: DevOpsApi, instance: string, severity: string, service: string, alertname: string): SignalNode | undefined {
  const root = group(api.views.monitor.getChildren(), (g) => g.id === `alertmanager:${instance}` && g.groupBy === 'instance');
  const bySeverity = root && group(root.children, (g) => g.groupBy === 'severity' && g.label === severity);
  const byService = bySeverity && group(bySeverity.children, (g) => g.groupBy === 'service' && g.label === service);
  return byService?.children.find((n): n is SignalNode => n.type === 'signal' && n.signal.title.startsWith(`${alertname}:`));
}

/** Answers the command's questions: inputs by their title, picks with the first item offered. */
function answering(inputs: Array<[RegExp, (options: vscode.InputBoxOptions) => string]>, asked: string[]): Prompter {
  return {
    pick: async (items, options) => {
      asked.push(options.title ?? '');
      return items[0];
    },
    pickMany: async (items) => [...items],
    input: async (options) => {
      asked.push(options.title ?? '');
      const answer = inputs.find(([title]) => title.test(options.title ?? ''));
      if (!answer) throw new Error(`unexpected question: ${options.title}`);
      const value = answer[1](options);
      // The command's own validation must accept what a user would type.
      const problem = await options.validateInput?.(value);
      if (problem) throw new Error(`${options.title}: ${typeof problem === 'string' ? problem : problem.message}`);
      return value;
    },
  };
}

describe('Monitor: Alertmanager and Sentry next to the code', function () {
  this.timeout(120_000);
  let api: DevOpsApi;
  let alertmanager: RealAlertmanager | undefined;
  let sentry: SentryTestServer | undefined;
  let silenceId: string | undefined;
  const config = () => vscode.workspace.getConfiguration('devops');
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const mathUri = () => vscode.Uri.joinPath(folder(), 'src', 'math.ts');

  before(async () => {
    api = await activateExtension();
    alertmanager = await RealAlertmanager.start();
  });

  after(async () => {
    api?.setPrompter(undefined);
    for (const key of ['alertmanager.instances', 'sentry.url', 'sentry.organization', 'sentry.projects']) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    // The sources go, and their signals with them (no Problems entries left for other tests).
    await waitFor('the Monitor signals to be gone', () => !api.hub.all().some((s) => /^(alertmanager|sentry):/.test(s.source)));
    await alertmanager?.stop();
    await sentry?.close();
  });

  it("shows a firing alert under instance → severity → service, and its annotation's file reference in Problems", async () => {
    await alertmanager!.postAlerts([
      {
        labels: { alertname: 'ItestMeanNaN', severity: 'critical', service: 'demo', instance: 'demo-1:8080' },
        annotations: { summary: 'mean() returned NaN', description: `panic in src/math.ts:${MATH_LINE} while computing the average` },
        generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=demo_nan_total',
      },
    ]);
    await config().update('alertmanager.instances', [{ name: 'itest', url: alertmanager!.url }], vscode.ConfigurationTarget.Global);
    await waitFor('the instance to be registered', () => api.registry.get('alertmanager:itest'));
    await vscode.commands.executeCommand('devops.refresh');

    const node = await waitFor('the alert in the Monitor view', () => alertNode(api, 'itest', 'critical', 'demo', 'ItestMeanNaN'));
    assert.equal(node.signal.state.normal, 'firing');
    const item = api.views.monitor.getTreeItem(node);
    assert.equal(item.contextValue, 'signal.alertmanager.alert.firing.url', 'Silence Alert… and Open Generator URL apply');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'flame');
    assert.match(String(item.description), /^firing/);

    // The anchor names the repository the controllers look files up in (its identity).
    assert.equal(api.git.repositoryOf(node.signal.anchors.repo), api.git.repositoryFor(mathUri()));
    assert.deepEqual(node.signal.anchors.files, [{ path: 'src/math.ts', line: MATH_LINE }]);
    const diagnostic = await waitFor('the Problems entry on src/math.ts', () =>
      vscode.languages.getDiagnostics(mathUri()).find((d) => d.message.startsWith('ItestMeanNaN')),
    );
    assert.equal(diagnostic.range.start.line, MATH_LINE - 1);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error, 'critical alerts are errors');
    assert.equal(diagnostic.source, 'DevOps: Alertmanager itest', "the source names the service and its instance, like VS Code's own");
    // The view's badge counts the firing critical alerts.
    const badge = await waitFor('the Monitor badge', () => api.treeViews.monitor.badge);
    assert.equal(badge.value, 1);
    assert.match(badge.tooltip, /critical/);
  });

  it('silences the alert selected in the view from the palette: the row is dimmed and says who and until when, the silence is on the server', async () => {
    const node = await waitFor('the alert', () => alertNode(api, 'itest', 'critical', 'demo', 'ItestMeanNaN'));
    // Selected in the Monitor view, then run from the command palette (no argument): it acts on that alert without a pick.
    await api.treeViews.monitor.reveal(node, { select: true, focus: true });
    await waitFor('the row to be selected', () =>
      api.treeViews.monitor.selection.some((n) => n.type === 'signal' && n.signal.id === node.signal.id),
    );
    const asked: string[] = [];
    api.setPrompter(
      answering(
        [
          // Keep the prefilled matchers but drop `instance`, as a user silencing the whole service would.
          [/matchers/, (o) => o.value!.replace(/,? ?instance="[^"]*"/, '')],
          [/duration/, () => '1h'],
          [/comment/, () => 'itest: known NaN, fix in progress'],
          [/your name/, () => 'Itest Author'],
        ],
        asked,
      ),
    );
    silenceId = await vscode.commands.executeCommand<string>('devops.silenceAlert');
    assert.ok(silenceId, `the command returned the silence id (asked: ${asked.join(' | ')})`);
    assert.ok(!asked.includes('Silence Alert'), `no pick of the alert was asked (asked: ${asked.join(' | ')})`);

    const silences = await alertmanager!.getJson<
      Array<{
        id: string;
        status: { state: string };
        matchers: Array<{ name: string; value: string }>;
        createdBy: string;
        comment: string;
      }>
    >('/api/v2/silences');
    const silence = silences.find((s) => s.id === silenceId);
    assert.ok(silence, 'the silence exists on the server');
    assert.equal(silence.status.state, 'active');
    assert.equal(silence.comment, 'itest: known NaN, fix in progress');
    assert.deepEqual(silence.matchers.map((m) => `${m.name}=${m.value}`).sort(), [
      'alertname=ItestMeanNaN',
      'service=demo',
      'severity=critical',
    ]);
    assert.ok(silence.createdBy.trim(), 'the author comes from git config (or was asked)');

    const silenced = await waitFor('the row to show the silence', () => {
      const n = alertNode(api, 'itest', 'critical', 'demo', 'ItestMeanNaN');
      return n?.signal.state.normal === 'silenced' ? n : undefined;
    });
    const item = api.views.monitor.getTreeItem(silenced);
    assert.equal(item.contextValue, 'signal.alertmanager.alert.silenced.url', 'Expire Silence applies now');
    const icon = item.iconPath as vscode.ThemeIcon;
    assert.equal(icon.id, 'bell-slash');
    assert.equal(icon.color?.id, 'disabledForeground', 'dimmed');
    assert.match(
      String(item.description),
      new RegExp(`^silenced by ${silence.createdBy.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} until (\\w+ \\d+, )?\\d\\d:\\d\\d`),
    );
    // A silenced alert no longer counts as firing, and is a hint in Problems that says who silenced it.
    await waitFor('the badge to clear', () => !api.treeViews.monitor.badge?.value);
    const hint = await waitFor('the Problems entry to become a hint', () =>
      vscode.languages
        .getDiagnostics(mathUri())
        .find((d) => d.message.startsWith('ItestMeanNaN') && d.severity === vscode.DiagnosticSeverity.Hint),
    );
    assert.match(hint.message, /\(silenced by .+ until (\w+ \d+, )?\d\d:\d\d\)$/);
  });

  it('expires the silence from the view: the alert fires again and the server has the silence expired', async () => {
    const node = await waitFor('the silenced alert', () => {
      const n = alertNode(api, 'itest', 'critical', 'demo', 'ItestMeanNaN');
      return n?.signal.state.normal === 'silenced' ? n : undefined;
    });
    await vscode.commands.executeCommand('devops.expireSilence', node);
    const silences = await alertmanager!.getJson<Array<{ id: string; status: { state: string } }>>('/api/v2/silences');
    assert.equal(silences.find((s) => s.id === silenceId)?.status.state, 'expired');
    const firing = await waitFor('the alert to fire again', () => {
      const n = alertNode(api, 'itest', 'critical', 'demo', 'ItestMeanNaN');
      return n?.signal.state.normal === 'firing' ? n : undefined;
    });
    assert.equal(api.views.monitor.getTreeItem(firing).contextValue, 'signal.alertmanager.alert.firing.url');
    // Silence it again for the next test, which checks how the hover shows a silenced alert.
    api.setPrompter(
      answering(
        [
          [/matchers/, (o) => o.value!],
          [/duration/, () => '30m'],
          [/comment/, () => 'itest again'],
          [/your name/, () => 'Itest Author'],
        ],
        [],
      ),
    );
    assert.ok(await vscode.commands.executeCommand<string>('devops.silenceAlert', firing));
  });

  it('marks the line a Sentry stack frame points at: Problems entry, gutter mark and hover with the frame context', async () => {
    const repo = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri.fsPath;
    const fixtureDir = path.join(repo, 'test/fixtures/sentry');
    // Sentry's documented event (fixture), with its innermost in-app frame in the demo workspace's mean().
    const event = JSON.parse(readFileSync(path.join(fixtureDir, 'event-1001.json'), 'utf8'));
    const frames = event.entries[0].data.values[0].stacktrace.frames as Array<Record<string, unknown>>;
    Object.assign(frames[frames.length - 1], {
      function: 'mean',
      filename: 'app:///src/math.ts',
      absPath: 'app:///src/math.ts',
      module: 'src:math',
      lineNo: MATH_LINE,
      colNo: 10,
      context: [
        [5, 'export function mean(values: number[]): number {'],
        [6, '  return values.length === 0 ? 0 : sum(values) / values.length;'],
        [7, '}'],
      ],
    });
    sentry = await SentryTestServer.start({ token: SENTRY_TOKEN, fixtureDir, eventBodies: { 1001: JSON.stringify(event) } });

    // The server first, then its token (stored for that origin), then the organization, which turns Sentry on.
    await config().update('sentry.url', sentry.url, vscode.ConfigurationTarget.Global);
    api.setPrompter(answering([[/Sentry auth token/, () => SENTRY_TOKEN]], []));
    await vscode.commands.executeCommand('devops.setSentryToken');
    await config().update('sentry.projects', ['api'], vscode.ConfigurationTarget.Global);
    await config().update('sentry.organization', 'acme', vscode.ConfigurationTarget.Global);
    await waitFor('the Sentry source', () => api.registry.get('sentry:acme'));
    await vscode.commands.executeCommand('devops.refresh');

    const diagnostic = await waitFor('the Problems entry of API-1', () =>
      vscode.languages.getDiagnostics(mathUri()).find((d) => d.message.startsWith('API-1: ')),
    );
    assert.equal(diagnostic.range.start.line, MATH_LINE - 1);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning, 'level error is a warning; fatal would be an error');
    assert.equal(diagnostic.source, 'DevOps: Sentry', "the Problems source is the service's own label");
    assert.match(diagnostic.message, /\(1523 events, 87 users\)$/);
    assert.ok(
      sentry.requests.length > 0 && sentry.requests.every((r) => r.authorization === `Bearer ${SENTRY_TOKEN}`),
      'every request carried the stored token',
    );
    assert.ok(
      sentry.requests.some((r) => r.path === '/api/0/projects/acme/api/issues/'),
      'the configured project was asked for',
    );

    // The gutter mark and hover come from the line feedback of the open document.
    const document = await vscode.workspace.openTextDocument(mathUri());
    await vscode.window.showTextDocument(document);
    const feedback = await waitFor('the line feedback of src/math.ts', async () => {
      const result = await api.lineFeedback.feedbackFor(document);
      return result?.marks.some((m) => m.signalId === 'sentry:acme:error:1001') ? result : undefined;
    });
    const mark = feedback.marks.find((m) => m.signalId === 'sentry:acme:error:1001')!;
    assert.deepEqual([mark.startLine, mark.open, mark.kind], [MATH_LINE, true, 'error']);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      mathUri(),
      new vscode.Position(MATH_LINE - 1, 4),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
      .join('\n')
      .replace(/&nbsp;/g, ' ');
    assert.match(text, /in mean as deployed/);
    assert.match(text, /ItestMeanNaN.* — silenced/, 'the silenced alert on the same line says so');
    assert.match(text, /6 >\s+return values\.length === 0/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
