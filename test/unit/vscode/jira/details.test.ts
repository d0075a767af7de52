/**
 * What the details panel shows for a Jira issue (src/vscode/jira/details.ts) against the documented
 * server: fields, the description and comments read fresh and rendered as escaped Markdown (ADF on
 * Cloud, wiki markup on Data Center), linked pull requests, actions; and Start Work's branch name.
 */
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { SignalHub } from '../../../../src/core/hub';
import { silentLogger } from '../../../../src/core/logger';
import type { DetailsRow, DetailsSection } from '../../../../src/core/details/protocol';
import { jiraBranchName, jiraCredential } from '../../../../src/sources/jira';
import { JiraConnection } from '../../../../src/vscode/jira/connection';
import { jiraDetailsContributor } from '../../../../src/vscode/jira/details';
import { adf } from '../../../fixtures/jira/synthetic';
import { startFixture, TOKEN } from '../../sources/jira/helpers';

for (const kind of ['cloud', 'datacenter'] as const) {
  describe(`jira details contributor (${kind})`, () => {
    it('shows fields, the fresh description and comments (hostile text inert), linked pull requests and the actions', async () => {
      const f = await startFixture(kind);
      try {
        const issue = f.server.data.issues['PROJ-5'];
        issue.fields.description =
          kind === 'cloud' ? adf('Crash <script>alert(1)</script> on *pay*') : 'h2. Crash\n<script>alert(1)</script> on *pay*';
        const author =
          kind === 'cloud'
            ? { accountId: 'x1', displayName: 'Bob [admin](command:evil)' }
            : { name: 'bob', displayName: 'Bob [admin](command:evil)' };
        issue.fields.comment = {
          comments: [
            {
              id: '1',
              self: `${f.server.url}/c/1`,
              author: { ...author, active: true },
              body: kind === 'cloud' ? adf('LGTM') : '_LGTM_',
              created: '2026-11-30T10:00:00.000+0000',
            },
          ],
          total: 1,
          maxResults: 50,
          startAt: 0,
        };
        const connection = new JiraConnection(
          f.site,
          f.http,
          silentLogger as unknown as vscode.LogOutputChannel,
          async () => [],
          () => undefined,
        );
        connection.setCredential(jiraCredential(f.site, TOKEN));
        const signals = await connection.source.refresh(new AbortController().signal);
        const hub = new SignalHub();
        hub.replaceSource(connection.source.id, signals);
        const pr = {
          ...signals[0],
          id: 'github:x:pullRequest:1',
          source: 'github:x',
          kind: 'pullRequest' as const,
          title: 'Fix the crash (PROJ-5)',
          anchors: { branch: 'PROJ-5-crash' },
        };
        const other = { ...pr, id: 'github:x:pullRequest:2', title: 'Unrelated PROJ-50', anchors: { branch: 'PROJ-50-x' } };
        hub.replaceSource('github:x', [pr, other]);
        const signal = signals.find((s) => s.detail?.key === 'PROJ-5')!;
        const contribution = await jiraDetailsContributor((id) => (id === connection.source.id ? connection : undefined))(signal, hub);
        assert.ok(contribution);
        const section = (title: string) =>
          contribution.sections!.find((s: DetailsSection) => s.title.startsWith(title)) as { rows?: DetailsRow[]; markdown?: string };
        assert.deepEqual(
          section('Issue').rows!.map((r) => [r.label, r.value]),
          [
            ['Issue', 'PROJ-5'],
            ['Type', 'Bug'],
            ['Status', 'Done'],
            ['Priority', 'Medium'],
            ['Assignee', 'Unassigned'],
            ['Story points', '6'],
            ['Sprint', 'Sprint 3'],
            ['Sprint goal', 'Ship the checkout'],
            ['Sprint ends', new Date(Date.parse('2026-12-07T17:00:00.000Z')).toLocaleDateString()],
          ],
        );
        const description = section('Description').markdown!;
        assert.ok(!description.includes('<script>'), description);
        assert.ok(description.includes('&lt;script&gt;'), description);
        if (kind === 'datacenter') assert.ok(description.startsWith('## Crash'), 'wiki heading rendered');
        const comments = section('Comments (1)').markdown!;
        assert.ok(comments.includes('Bob \\[admin\\]\\(command:evil\\)'), comments);
        assert.ok(comments.includes(kind === 'cloud' ? 'LGTM' : '_LGTM_'));
        assert.deepEqual(
          contribution.related!.map((s) => s.id),
          ['github:x:pullRequest:1'],
          'PROJ-50 is another issue',
        );
        assert.deepEqual(
          contribution.actions!.map((a) => a.id),
          ['devops.jira.transition', 'devops.jira.assignToMe', 'devops.jira.addComment'],
          'no Start Work on a done issue',
        );
        const get = f.server.calls('GET /rest/api/3/issue/{issueIdOrKey}')[0];
        assert.equal(new URL(get.url, 'http://x').searchParams.get('fields'), 'description,comment');
        assert.deepEqual(f.server.violations, []);
      } finally {
        await f.server.stop();
      }
    });
  });
}

describe("Start Work's Jira branch name", () => {
  it('PROJ-7-short-summary through the branch template, the key in upper case', () => {
    assert.deepEqual(jiraBranchName('{number}-{slug}', 'PROJ-7', 'Short summary: déjà vu!', 'Story'), {
      ok: true,
      name: 'PROJ-7-short-summary-deja-vu',
    });
    assert.deepEqual(jiraBranchName('{type}/{number}', 'PROJ-7', 'x', 'Bug'), { ok: true, name: 'fix/PROJ-7' });
    assert.equal(jiraBranchName('{nope}', 'PROJ-7', 'x', 'Bug').ok, false);
  });
});
