import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { SignalHub } from '../../src/core/hub';
import type { Signal } from '../../src/core/signal';
import { SnapshotStore } from '../../src/vscode/snapshotStore';

const signal: Signal = {
  id: 'itest-snapshot:deployment:1',
  source: 'itest-snapshot',
  kind: 'deployment',
  title: 'v9 → production',
  state: { normal: 'success', native: 'success' },
  createdAt: 1,
  updatedAt: 1,
  labels: ['success'],
  tags: ['env:production'],
  anchors: { environment: 'production', commits: ['a'.repeat(40)] },
};

describe('the hub snapshot in VS Code storage', () => {
  const folder = vscode.Uri.file(`${os.tmpdir()}/dfl-snapshot-${process.pid}-${Date.now()}`);
  const log = vscode.window.createOutputChannel('DevOps snapshot test', { log: true });

  after(async () => {
    log.dispose();
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it("fills a new session's hub from the last one, marking its sources stale", async () => {
    const first = new SignalHub();
    const store = new SnapshotStore(folder, first, log);
    first.upsert([signal]);
    first.setHealth({ source: 'itest-snapshot', status: 'ok', lastSuccessAt: 5 });
    await store.save();
    store.dispose();

    const next = new SignalHub();
    const restored = new SnapshotStore(folder, next, log);
    await restored.load();
    restored.dispose();
    assert.deepEqual(next.get(signal.id), signal);
    assert.equal(next.query({ environment: 'production' }).length, 1, 'indexes are rebuilt');
    assert.deepEqual(next.getHealth('itest-snapshot'), {
      source: 'itest-snapshot',
      status: 'stale',
      message: 'Showing data from the last session',
      lastSuccessAt: 5,
    });
  });

  it('ignores a damaged snapshot file and starts empty', async () => {
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(folder, 'hub-snapshot.json'),
      new TextEncoder().encode('{"schema": "devops-feedback-hub/v1", "signals": [tru'),
    );
    const hub = new SignalHub();
    const store = new SnapshotStore(folder, hub, log);
    await store.load();
    store.dispose();
    assert.equal(hub.size, 0);
  });
});
