/**
 * Remote text never becomes a clickable command (the security issue's second attack): VS Code renders
 * `[label](command:...)` in notification text as a link, and one click runs the command with its
 * arguments. A server whose answer carries such links, and an alert whose title does, must reach the
 * user as plain text: in the refresh-failure warning, the new-alert notification, the view's health row.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { DevOpsApi } from '../../src/extension';
import { RealAlertmanager } from '../fixtures/alertmanager/server';
import { activateExtension, waitFor, notificationsFromNow } from './api';

const LINK = '[Fix it now](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%5Cn%22%7D)';
const CLICKABLE = /\[|\]|\b(command|vscode):/i;

describe('Remote text in notifications and views is plain text', function () {
  this.timeout(120_000);
  let api: DevOpsApi;
  let hostile: http.Server;
  let hostileUrl: string;
  let alertmanager: RealAlertmanager | undefined;
  const config = () => vscode.workspace.getConfiguration('devops');

  before(async () => {
    api = await activateExtension();
    // Answers every request with 200 and a body that is not JSON: the parse error quotes its start.
    hostile = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(`${LINK} ${LINK}`);
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    hostileUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
  });

  after(async () => {
    await config().update('alertmanager.instances', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('the Monitor signals to be gone', () => !api.hub.all().some((s) => s.source.startsWith('alertmanager:')));
    await new Promise<void>((resolve) => hostile.close(() => resolve()));
    await alertmanager?.stop();
  });

  it("a refresh failure quoting a server's command links is shown without them, and the health row too", async () => {
    await config().update('alertmanager.instances', [{ name: 'hostile', url: hostileUrl }], vscode.ConfigurationTarget.Global);
    await waitFor('the hostile instance to be registered', () => api.registry.get('alertmanager:hostile'));
    const shownSince = notificationsFromNow(api);
    await vscode.commands.executeCommand('devops.refresh');
    const warning = await waitFor('the refresh-failure warning', () =>
      shownSince().find((n) => n.level === 'warning' && /could not refresh/.test(n.message)),
    );
    assert.match(warning.message, /not valid JSON/, "the server's words are quoted");
    assert.match(warning.message, /\(Fix it now\)\(command :workbench\.action\.terminal\.sendSequence/);
    assert.doesNotMatch(warning.message, CLICKABLE);
    for (const n of api.notifications()) assert.doesNotMatch(n.message, CLICKABLE, n.message);

    const health = await waitFor('the health row in the Monitor view', () =>
      api.views.monitor.getChildren().find((n) => n.type === 'health' && n.health.source === 'alertmanager:hostile'),
    );
    const item = api.views.monitor.getTreeItem(health);
    assert.equal(typeof item.label, 'string', 'a plain label, not markdown');
    assert.equal(typeof item.tooltip, 'string', 'a plain tooltip, not markdown');
  });

  it('a newly firing alert whose title carries command links notifies in plain text', async () => {
    alertmanager = await RealAlertmanager.start();
    await config().update('alertmanager.instances', [{ name: 'itest-hostile', url: alertmanager.url }], vscode.ConfigurationTarget.Global);
    await waitFor('the instance to be registered', () => api.registry.get('alertmanager:itest-hostile'));
    // The first refresh is the baseline: what fires already is old news.
    await vscode.commands.executeCommand('devops.refresh');
    await alertmanager.postAlerts([
      {
        labels: { alertname: 'HostileTitle', severity: 'critical', service: `svc ${LINK}` },
        annotations: { summary: `Disk full ${LINK}` },
      },
    ]);
    const shownSince = notificationsFromNow(api);
    const alert = await waitFor('the alert in the hub', async () => {
      await vscode.commands.executeCommand('devops.refresh');
      return api.hub.query({ kind: 'alert' }).find((s) => s.title.startsWith('HostileTitle'));
    });
    assert.match(alert.title, /command:/, 'the title itself is stored as the server sent it');
    const notification = await waitFor('the new-alert notification', () => shownSince().find((n) => /HostileTitle/.test(n.message)));
    assert.doesNotMatch(notification.message, CLICKABLE);
    assert.match(notification.message, /critical alert firing for svc \(Fix it now\)/);
    for (const action of notification.actions) assert.doesNotMatch(action, CLICKABLE);
  });
});
