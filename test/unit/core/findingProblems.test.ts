import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/finding';
import { findingProblems, type PlacedFinding } from '../../../src/core/findingProblems';

const SHA = 'a'.repeat(40);

function placed(id: string, f: Partial<Finding>, line = 3): PlacedFinding {
  const finding: Finding = {
    tool: 'eslint',
    severity: 'warning',
    message: 'no-unused-vars: x',
    path: 'src/a.ts',
    line: 1,
    commit: SHA,
    ...f,
  };
  return { signalId: id, finding, line, endLine: line };
}

describe('findingProblems', () => {
  const all = { severities: ['error', 'warning', 'information'] as const, tools: [] };

  it('keeps the severities and tools the user chose (tools case-insensitive; none named: all)', () => {
    const input = [
      placed('1', { severity: 'error' }),
      placed('2', { severity: 'information', message: 'note' }),
      placed('3', { tool: 'tsc', message: 'TS2304' }),
    ];
    assert.deepEqual(
      findingProblems(input, { severities: ['error', 'warning'], tools: [] }).map((p) => p.signalIds[0]),
      ['1', '3'],
    );
    assert.deepEqual(
      findingProblems(input, { ...all, tools: ['TSC'] }).map((p) => p.signalIds[0]),
      ['3'],
    );
  });

  it('says a line once when two CI services report the same finding there, naming both tools', () => {
    const problems = findingProblems(
      [placed('gh', { tool: 'eslint' }), placed('gl', { tool: 'lint job', message: 'no-unused-vars:   X' }), placed('other-line', {}, 9)],
      all,
    );
    assert.equal(problems.length, 2);
    assert.deepEqual(problems[0].tools, ['eslint', 'lint job']);
    assert.deepEqual(problems[0].signalIds, ['gh', 'gl']);
  });

  it('leaves review threads to the Comments API', () => {
    assert.deepEqual(findingProblems([placed('r', { tool: 'review', severity: 'information' })], all), []);
  });
});
