import assert from 'node:assert/strict';
import { findingOf, findingSignal } from '../../../src/core/finding';

describe('finding', () => {
  const input = {
    source: 'ci:example',
    nativeId: 'run-1/3',
    tool: 'lint',
    severity: 'warning' as const,
    message: 'Unused variable x\n\nmore text',
    path: 'src/a.ts',
    line: 40,
    endLine: 42,
    commit: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01',
    origin: 'run-1',
    repo: 'forge.example.com/o/r',
    createdAt: 1,
  };

  it('is one signal shape: file anchor with the commit its lines refer to, tool and severity as tags', () => {
    const s = findingSignal(input);
    assert.equal(s.id, 'ci:example:finding:run-1/3');
    assert.equal(s.kind, 'finding');
    assert.equal(s.title, 'Unused variable x');
    assert.deepEqual(s.anchors.files, [{ path: 'src/a.ts', line: 40, endLine: 42, commit: 'abcdef0123456789abcdef0123456789abcdef01' }]);
    assert.deepEqual(s.anchors.commits, ['abcdef0123456789abcdef0123456789abcdef01']);
    assert.equal(s.anchors.repo, 'forge.example.com/o/r');
    assert.deepEqual(s.tags, ['tool:lint', 'severity:warning']);
    assert.deepEqual(s.labels, ['warning']);
    assert.equal(s.state.normal, 'open');
  });

  it('reads back the finding, and nothing from another kind or a malformed snapshot entry', () => {
    const s = findingSignal(input);
    assert.equal(findingOf(s)?.message, input.message);
    assert.equal(findingOf(s)?.origin, 'run-1');
    assert.equal(findingOf({ ...s, kind: 'alert' }), undefined);
    assert.equal(findingOf({ ...s, detail: { finding: { ...(s.detail?.finding as object), severity: 'fatal' } } }), undefined);
    assert.equal(findingOf({ ...s, detail: {} }), undefined);
  });

  it('clamps a line before 1 and drops an end before the start', () => {
    const s = findingSignal({ ...input, line: 0, endLine: 0 });
    assert.deepEqual(s.anchors.files, [{ path: 'src/a.ts', line: 1, commit: input.commit.toLowerCase() }]);
  });
});
