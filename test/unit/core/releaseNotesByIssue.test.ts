/** Release notes grouped by tracker issue (`devops.releaseNotes.groupBy: issue`). */
import assert from 'node:assert/strict';

describe('release notes by issue', () => {
  it('one section per tracker key with its title, breaking first, the rest last', async () => {
    const { buildReleaseNotes, renderReleaseNotesMarkdown } = await import('../../../src/core/releaseNotes');
    const notes = buildReleaseNotes(
      [
        { sha: 'a'.repeat(40), subject: 'feat: median for PROJ-7', body: '' },
        { sha: 'b'.repeat(40), subject: 'fix: cap PROJ-8 and PROJ-7', body: '' },
        { sha: 'c'.repeat(40), subject: 'chore: tidy', body: '' },
        { sha: 'd'.repeat(40), subject: 'feat!: new API', body: 'Refs PROJ-8' },
      ],
      { to: 'HEAD' },
    );
    const md = renderReleaseNotesMarkdown(notes, {
      title: 'Unreleased',
      groupBy: 'issue',
      referenceTitle: (r) => (r.key === 'PROJ-7' ? 'Median <b>helper</b>' : undefined),
      referenceUrl: (r) => `https://team.atlassian.net/browse/${r.key}`,
    });
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    assert.deepEqual(headings, [
      '## Breaking changes',
      '## [PROJ-7](https://team.atlassian.net/browse/PROJ-7): Median &lt;b&gt;helper&lt;/b&gt;',
      '## [PROJ-8](https://team.atlassian.net/browse/PROJ-8)',
      '## Other changes',
      '## References',
    ]);
    const section = (h: string) => md.split('## ').find((s) => s.startsWith(h))!;
    assert.equal((section('[PROJ-7]').match(/^- /gm) ?? []).length, 2, 'both commits naming PROJ-7');
    assert.match(section('Other changes'), /tidy/);
  });
});
