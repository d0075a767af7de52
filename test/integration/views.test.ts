import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GroupNode, SignalNode } from '../../src/core/phaseTree';
import type { Signal } from '../../src/core/signal';
import { activateExtension, waitFor } from './api';

function signal(overrides: Partial<Signal>): Signal {
  return {
    id: 'itest:pipelineRun:1',
    source: 'itest',
    kind: 'pipelineRun',
    title: 'CI #1',
    state: { normal: 'failed', native: 'failure' },
    url: 'https://ci.example.com/runs/1',
    createdAt: Date.now() - 60_000,
    updatedAt: Date.now() - 30_000,
    labels: ['failed'],
    tags: ['branch:main'],
    anchors: { branch: 'main', commits: ['0123456789abcdef0123456789abcdef01234567'] },
    ...overrides,
  };
}

describe('views and details', () => {
  it('registers every DevOps command', async () => {
    await activateExtension();
    const commands = await vscode.commands.getCommands(true);
    for (const id of [
      'devops.refresh',
      'devops.showDetails',
      'devops.openInBrowser',
      'devops.showLog',
      'devops.filterTimeline',
      'devops.clearTimelineFilter',
    ]) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });

  it('shows a signal put into the hub as a tree item with icon, tooltip and menu context', async () => {
    const api = await activateExtension();
    api.hub.upsert([signal({})]);
    const group = await waitFor('the build view to show the run', () =>
      api.views.build.getChildren().find((n): n is GroupNode => n.type === 'group' && n.label === 'main'),
    );
    const node = group.children.find((n): n is SignalNode => n.type === 'signal' && n.signal.id === 'itest:pipelineRun:1');
    assert.ok(node, 'run is under its branch');
    const item = api.views.build.getTreeItem(node);
    assert.equal(item.label, 'CI #1');
    assert.equal(item.contextValue, 'signal.itest.pipelineRun.failed.url');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
    assert.equal(item.command?.command, 'devops.showDetails');
    // appendText escapes markdown (and, in recent VS Code, writes spaces as &nbsp;).
    assert.match((item.tooltip as vscode.MarkdownString).value, /CI(\s|&nbsp;)\\?#1/);

    // The Timeline shows it too; other phases do not.
    assert.ok(api.views.timeline.getChildren().some((n) => n.type === 'signal' && n.signal.id === 'itest:pipelineRun:1'));
    assert.ok(!api.views.plan.getChildren().some((n) => n.type === 'group'));
  });

  it('renders hostile titles as plain text in tree items', async () => {
    const api = await activateExtension();
    const hostile = '<img src=x onerror=alert(1)> [click](command:workbench.action.quit)\n\u0000next';
    api.hub.upsert([signal({ id: 'itest:pipelineRun:2', title: hostile })]);
    const group = await waitFor('the hostile run', () =>
      api.views.build
        .getChildren()
        .find((n): n is GroupNode => n.type === 'group' && n.children.some((c) => c.id === 'itest:pipelineRun:2')),
    );
    const item = api.views.build.getTreeItem(group.children.find((c) => c.id === 'itest:pipelineRun:2')!);
    assert.equal(item.label, '<img src=x onerror=alert(1)> [click](command:workbench.action.quit) next');
    const tooltip = item.tooltip as vscode.MarkdownString;
    assert.equal(tooltip.isTrusted, false);
    assert.ok(!tooltip.value.includes('](command:'), 'markdown link syntax is escaped');
  });

  it('opens the details panel for a signal', async () => {
    const api = await activateExtension();
    api.hub.upsert([signal({ id: 'itest:pipelineRun:3', title: 'Details me' })]);
    await vscode.commands.executeCommand('devops.showDetails', 'itest:pipelineRun:3');
    const tab = await waitFor('the details panel tab', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('devops.details')),
    );
    assert.match(tab.label, /Details me/);
    await vscode.window.tabGroups.close(tab);
  });

  it('filters the timeline and flips the welcome context when nothing matches', async () => {
    const api = await activateExtension();
    api.hub.upsert([signal({ id: 'itest:pipelineRun:4', tags: ['env:itest-only'] })]);
    api.views.timeline.setFilter(['env:itest-only']);
    const shown = await waitFor('filtered timeline', () => {
      const nodes = api.views.timeline.getChildren();
      return nodes.length === 1 ? nodes[0] : undefined;
    });
    assert.equal((shown as SignalNode).signal.id, 'itest:pipelineRun:4');
    api.views.timeline.setFilter(['env:none']);
    await waitFor('empty timeline', () => api.views.timeline.getChildren().length === 0);
    api.views.timeline.setFilter([]);
  });
});
