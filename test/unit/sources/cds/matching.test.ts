import { strict as assert } from 'node:assert';
import { parseWorkflowRef, repositoryNames } from '../../../../src/sources/cds';

describe('CDS workflow matching', () => {
  it("names a repository as CDS does: its remote identity's path", () => {
    assert.deepEqual(
      repositoryNames(['git.example.com/team/app', 'gitlab.example.com:8443/group/sub/app', '/home/me/app', 'c:\\src\\app']),
      ['team/app', 'group/sub/app'],
    );
  });

  it('reads PROJECT/workflow from the settings', () => {
    assert.deepEqual(parseWorkflowRef(' TEAM/app-ci '), { project: 'TEAM', workflow: 'app-ci' });
    assert.equal(parseWorkflowRef('app-ci'), undefined);
    assert.equal(parseWorkflowRef('TEAM/a/b'), undefined);
    assert.equal(parseWorkflowRef('../x/y'), undefined);
  });
});
