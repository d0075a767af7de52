import assert from 'node:assert/strict';
import {
  anchorsFromTags,
  deployMessage,
  incidentMessage,
  mapMessage,
  phaseOfMessage,
  selectionMessage,
  stateFromLabels,
  type TatMessage,
} from '../../../../src/sources/tat';
import { extractTags } from '../../../fixtures/tat/docServer';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('Tat mapping', () => {
  it('maps labels through the default map, the last mapped label winning, overrides first', () => {
    assert.deepEqual(stateFromLabels(['firing', 'resolved']), { normal: 'resolved', native: 'resolved' });
    assert.deepEqual(stateFromLabels(['Deployed', 'team-a']), { normal: 'success', native: 'Deployed' });
    assert.equal(stateFromLabels(['constructor', '__proto__', 'toString']), undefined);
    assert.equal(stateFromLabels(['green'], { green: 'success' })?.normal, 'success');
    assert.equal(stateFromLabels(['failed'], { failed: 'rolledBack' })?.normal, 'rolledBack');
  });

  it('picks the phase from an explicit tag, then tag keys, then labels', () => {
    assert.equal(phaseOfMessage(['phase:code', 'alert:x'], []), 'code');
    assert.equal(phaseOfMessage(['pipeline:42'], ['success']), 'build');
    assert.equal(phaseOfMessage(['issue:12'], []), 'plan');
    assert.equal(phaseOfMessage([], ['deployed']), 'deploy');
    assert.equal(phaseOfMessage(['env:prod'], ['firing']), 'monitor');
    assert.equal(phaseOfMessage(['coffee'], ['team']), undefined);
  });

  it('anchors commit, branch, env, repo and file(:line) tags; refuses paths outside the repository', () => {
    assert.deepEqual(
      anchorsFromTags([
        `commit:${SHA.toUpperCase()}`,
        'branch:feat/x',
        'environment:staging',
        'repo:github.com/o/r',
        'file:src/a.ts:3-5',
        'file:b.go:7',
      ]),
      {
        commits: [SHA],
        branch: 'feat/x',
        environment: 'staging',
        repo: 'github.com/o/r',
        files: [
          { path: 'src/a.ts', line: 3, endLine: 5 },
          { path: 'b.go', line: 7 },
        ],
      },
    );
    assert.deepEqual(anchorsFromTags(['file:../x', 'file:/etc/passwd', 'file:a//b', 'commit:123', 'repo:../../x']), {});
  });

  it('an incident message resolved by a label; a message we posted stays in the Timeline only', () => {
    const base: TatMessage = {
      _id: 'm1',
      text: 'db down #incident:db',
      topic: '/T',
      dateCreation: 1700000000.5,
      dateUpdate: 1700000100,
      labels: [{ text: 'incident', color: '' }],
    };
    const open = mapMessage(base, { sourceId: 'tat:x/T', topic: '/T' });
    assert.equal(open.kind, 'incident');
    assert.equal(open.state.normal, 'open');
    assert.equal(open.createdAt, 1700000000500);
    const resolved = mapMessage(
      { ...base, labels: [...base.labels!, { text: 'resolved', color: '' }] },
      { sourceId: 'tat:x/T', topic: '/T' },
    );
    assert.equal(resolved.state.normal, 'resolved');
    assert.equal(resolved.id, open.id, 'same identity whatever its labels');
    const ours = mapMessage(
      { ...base, text: 'x #report:abc #env:prod', tags: ['report:abc', 'env:prod'] },
      { sourceId: 'tat:x/T', topic: '/T' },
    );
    assert.equal(ours.kind, 'message');
  });

  it('builds report messages whose #tags Tat extracts back, and user text cannot forge tags', () => {
    const deploy = deployMessage({
      commit: SHA,
      environment: 'production',
      status: 'rolledBack',
      version: 'v1.2',
      reportId: 'r-1',
      service: 'api',
      note: 'see #commit:ffff',
    });
    assert.deepEqual(
      extractTags(deploy.text).sort(),
      [`commit:${SHA}`, 'env:production', 'report:r-1', 'service:api', 'version:v1.2'].sort(),
    );
    assert.deepEqual(
      deploy.labels?.map((l) => l.text),
      ['deploy', 'rollback'],
    );
    const incident = incidentMessage({
      commit: SHA,
      severity: 'major',
      summary: 'slow #env:fake [x](command:y)',
      file: 'src/a.ts',
      startLine: 4,
      endLine: 9,
    });
    assert.deepEqual(extractTags(incident.text).sort(), [`commit:${SHA}`, 'file:src/a.ts:4-9', 'severity:major'].sort());
    assert.ok(!incident.text.includes('[x]'));
    const sel = selectionMessage({ text: 'why is this here?', file: 'lib/x.py', startLine: 2, endLine: 2, commit: SHA, branch: 'main' });
    assert.deepEqual(extractTags(sel.text).sort(), [`commit:${SHA}`, 'branch:main', 'file:lib/x.py:2', 'lines:2'].sort());
  });
});
