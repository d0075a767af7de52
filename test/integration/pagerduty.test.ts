/**
 * PagerDuty in the real extension host, against the local server that answers only as PagerDuty's
 * published OpenAPI descriptions do (test/fixtures/pagerduty/pagerDutyServer.ts, named by
 * `devops.pagerduty.apiUrl`): the person on call and a triggered incident show in the Monitor view,
 * and acknowledging the incident reaches the server with the documented `From` header.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GroupNode, SignalNode, TreeNode } from '../../src/core/phaseTree';
import type { DevOpsApi } from '../../src/extension';
import { EXTRACT_PATH, PagerDutyServer } from '../fixtures/pagerduty/pagerDutyServer';
import { incident, oncall, service } from '../fixtures/pagerduty/synthetic';
import { activateExtension, EXTENSION_ID, waitFor } from './api';
import { ScriptedPrompter } from './scriptedPrompter';

const KEY = 'pd-itest-key-0123456789';
const ROUTING = 'R0UTING0KEY0ITEST';
const allNodes = (nodes: readonly TreeNode[]): TreeNode[] =>
  nodes.flatMap((n) => [n, ...(n.type === 'health' ? [] : allNodes(n.children))]);
const settings = () => vscode.workspace.getConfiguration('devops.pagerduty');

describe('PagerDuty (on call and incidents in Monitor, API key from SecretStorage)', function () {
  this.timeout(120_000);
  let api: DevOpsApi;
  let server: PagerDutyServer;

  before(async () => {
    api = await activateExtension();
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    if (!fs.existsSync(EXTRACT_PATH))
      fs.copyFileSync(path.join(extensionPath, 'test/fixtures/pagerduty/pagerduty-openapi-extract.json'), EXTRACT_PATH);
    server = await PagerDutyServer.start({ token: KEY });
    const day = 86_400_000;
    server.add('services', service('PSVC001', 'checkout'));
    server.routingKeys.set(ROUTING, 'PSVC001');
    server.add(
      'oncalls',
      oncall({
        user: ['PUSR001', 'Ada Lovelace'],
        policy: ['PPOL001', 'Checkout on-call'],
        level: 1,
        start: new Date(Date.now() - day).toISOString(),
        end: new Date(Date.now() + day).toISOString(),
      }),
    );
    server.add(
      'incidents',
      incident({
        id: 'PINC001',
        number: 42,
        title: 'Checkout returns 500',
        status: 'triggered',
        service: ['PSVC001', 'checkout'],
        assignee: ['PUSR001', 'Ada Lovelace'],
      }),
    );
    const global = vscode.ConfigurationTarget.Global;
    await settings().update('apiUrl', server.url, global);
    await settings().update('eventsUrl', `${server.url}/v2`, global);
    await settings().update('escalationPolicies', ['PPOL001'], global);
    await settings().update('services', ['checkout'], global);
    await settings().update('email', 'me@example.com', global);
    await api.services.discoverNow('pagerduty');
    const prompter = new ScriptedPrompter([{ input: KEY }, { input: ROUTING }]);
    api.setPrompter(prompter);
    await vscode.commands.executeCommand('devops.pagerduty.setToken');
    assert.ok(prompter.done, prompter.asked.join(' | '));
  });

  after(async () => {
    if (!api) return;
    api.setPrompter(new ScriptedPrompter([{ input: '' }, { input: '' }]));
    await vscode.commands.executeCommand('devops.pagerduty.setToken');
    api.setPrompter(undefined);
    for (const key of ['apiUrl', 'eventsUrl', 'escalationPolicies', 'services', 'email'])
      await settings().update(key, undefined, vscode.ConfigurationTarget.Global);
    await waitFor('PagerDuty signals to leave the hub', () => !api.hub.all().some((s) => s.source.startsWith('pagerduty:')));
    assert.deepEqual(server.violations, [], 'every request was one PagerDuty documents');
    await server?.close();
  });

  it('shows who is on call and the triggered incident in the Monitor view', async () => {
    const onCall = await waitFor('the On call group', () =>
      api.views.monitor.getChildren().find((n): n is GroupNode => n.type === 'group' && n.label === 'On call'),
    );
    const person = allNodes(onCall.children).find((n): n is SignalNode => n.type === 'signal' && n.signal.kind === 'onCall');
    assert.equal(person?.signal.title, 'Ada Lovelace');
    assert.match(person?.description ?? '', /^level 1 · until /);
    const row = await waitFor('the incident', () =>
      allNodes(api.views.monitor.getChildren()).find((n): n is SignalNode => n.type === 'signal' && n.signal.kind === 'incident'),
    );
    assert.equal(row.signal.title, 'Checkout returns 500');
    assert.equal(row.description, 'triggered · high · checkout · Ada Lovelace');
    assert.equal(api.views.monitor.getTreeItem(row).contextValue, 'signal.pagerduty.incident.open.url');
    assert.ok(server.requests.filter((r) => r.api === 'rest').every((r) => r.authorization === `Token token=${KEY}`));
  });

  it('acknowledging reaches the server as the user of the From header, and the view follows', async () => {
    const row = await waitFor('the incident', () => api.hub.all().find((s) => s.source.startsWith('pagerduty:') && s.kind === 'incident'));
    api.setPrompter(new ScriptedPrompter([]));
    const result = await vscode.commands.executeCommand('devops.pagerduty.acknowledge', row.id);
    assert.equal(result, 'acknowledged');
    const [put] = server.requestsOf('PUT /incidents/{id}');
    assert.equal(put.url, '/incidents/PINC001');
    assert.equal(put.from, 'me@example.com');
    assert.deepEqual(put.body, { incident: { type: 'incident_reference', status: 'acknowledged' } });
    await waitFor('the incident to read acknowledged', () =>
      allNodes(api.views.monitor.getChildren()).some(
        (n) => n.type === 'signal' && n.signal.kind === 'incident' && n.description?.startsWith('acknowledged'),
      ),
    );
  });
  it('Report Incident can page through PagerDuty (Events API v2, with a dedup key), and resolving ours resolves it there', async () => {
    const repo = api.git.all()[0];
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const hasDeploys = api.hub.query({ kind: 'deployment', repo: api.git.identitiesOf(repo) }).length > 0;
    const prompter = new ScriptedPrompter([
      { pick: 'critical' },
      { input: 'Cart is empty for everyone' },
      ...(hasDeploys ? [{ pick: 'No linked deploy' }] : []),
      { pickMany: ['git notes journal', 'PagerDuty'] },
    ]);
    api.setPrompter(prompter);
    const report = await vscode.commands.executeCommand<{ id: string }>('devops.reportIncident');
    assert.ok(report && prompter.done, prompter.asked.join(' | '));
    const [trigger] = server.requestsOf('POST /enqueue');
    const body = trigger.body as {
      event_action: string;
      dedup_key: string;
      routing_key: string;
      payload: { summary: string; severity: string };
    };
    assert.equal(trigger.status, 202);
    assert.equal(body.event_action, 'trigger');
    assert.equal(body.routing_key, ROUTING);
    assert.equal(body.dedup_key, `devops-feedback/${report.id}`);
    assert.deepEqual([body.payload.summary, body.payload.severity], ['Cart is empty for everyone', 'critical']);
    assert.equal(trigger.authorization, undefined, 'the REST key never goes to the events endpoint');
    await waitFor('the paged incident in the Monitor view', () =>
      allNodes(api.views.monitor.getChildren()).some(
        (n) => n.type === 'signal' && n.signal.source.startsWith('pagerduty:') && n.signal.title === 'Cart is empty for everyone',
      ),
    );

    const ours = await waitFor('the journal incident', () =>
      api.hub.query({ kind: 'incident' }).find((s) => s.detail?.reportId === report.id),
    );
    api.setPrompter(new ScriptedPrompter([{ input: 'restocked the cache' }]));
    await vscode.commands.executeCommand('devops.resolveIncident', ours.id);
    const resolve = server.requestsOf('POST /enqueue')[1];
    assert.deepEqual(
      [(resolve.body as { event_action: string }).event_action, (resolve.body as { dedup_key: string }).dedup_key],
      ['resolve', `devops-feedback/${report.id}`],
    );
    await waitFor(
      'the paged incident to leave the open incidents',
      () => !api.hub.all().some((s) => s.source.startsWith('pagerduty:') && s.title === 'Cart is empty for everyone'),
    );
  });
});
