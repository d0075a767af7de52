import assert from 'node:assert/strict';
import {
  CommitLike,
  buildReleaseNotes,
  escapeMarkdown,
  findReferences,
  parseConventionalCommit,
  renderReleaseNotesMarkdown,
} from '../../../src/core/releaseNotes';

let n = 0;
function commit(subject: string, body = '', parents = 1): CommitLike {
  n++;
  return { sha: n.toString(16).padStart(40, '0'), subject, body, parents: Array.from({ length: parents }, (_, i) => String(i)) };
}

describe('core/releaseNotes', () => {
  describe('parseConventionalCommit (conventionalcommits.org v1.0.0 examples)', () => {
    it('reads type, scope and description', () => {
      assert.deepEqual(parseConventionalCommit('feat(lang): add Polish language'), {
        type: 'feat',
        scope: 'lang',
        description: 'add Polish language',
        breaking: false,
      });
      assert.deepEqual(parseConventionalCommit('docs: correct spelling of CHANGELOG'), {
        type: 'docs',
        description: 'correct spelling of CHANGELOG',
        breaking: false,
      });
    });

    it('marks breaking changes by "!" or by a BREAKING CHANGE footer', () => {
      const footer = parseConventionalCommit(
        'feat: allow provided config object to extend other configs',
        'BREAKING CHANGE: `extends` key in config file is now used for extending other config files',
      );
      assert.equal(footer.breaking, true);
      assert.equal(footer.breakingNote, '`extends` key in config file is now used for extending other config files');
      const bang = parseConventionalCommit('feat!: send an email to the customer when a product is shipped');
      assert.equal(bang.breaking, true);
      assert.equal(bang.breakingNote, 'send an email to the customer when a product is shipped');
      const both = parseConventionalCommit(
        'chore!: drop support for Node 6',
        'BREAKING CHANGE: use JavaScript features not available in Node 6.',
      );
      assert.equal(both.breakingNote, 'use JavaScript features not available in Node 6.');
      const hyphen = parseConventionalCommit(
        'fix(api)!: x',
        'Some body.\n\nBREAKING-CHANGE: old ids\nare gone\nReviewed-by: Z\nRefs: #133',
      );
      assert.equal(hyphen.breakingNote, 'old ids are gone');
    });

    it('treats non-conventional subjects and reverts sensibly', () => {
      assert.deepEqual(parseConventionalCommit('Update README'), { description: 'Update README', breaking: false });
      assert.equal(parseConventionalCommit('Revert "feat: x"').type, 'revert');
      assert.equal(parseConventionalCommit('feature: aliased').type, 'feat');
      assert.equal(parseConventionalCommit('feat:no space').type, undefined);
    });
  });

  describe('findReferences', () => {
    it('finds GitHub issues/PRs, GH-n, GitLab MRs and Jira keys, once each, in order', () => {
      const refs = findReferences('fix: crash (#123), see GH-77, group/proj!45 and !46, PROJ-7 and PROJ-7 again, owner/repo#9');
      assert.deepEqual(
        refs.map((r) => [r.kind, r.key]),
        [
          ['issue', '#123'],
          ['issue', '#77'],
          ['mergeRequest', 'group/proj!45'],
          ['mergeRequest', '!46'],
          ['issueKey', 'PROJ-7'],
          ['issue', 'owner/repo#9'],
        ],
      );
      assert.equal(refs[4].scope, 'PROJ');
      assert.equal(refs[5].scope, 'owner/repo');
    });

    it('ignores look-alikes: encodings, standards, anchors, words', () => {
      assert.deepEqual(findReferences('use UTF-8 and SHA-256 per RFC-2119, page#12, feat!: x, a-B-1, hello!5'), []);
    });

    it('restricts Jira keys to configured projects when given', () => {
      assert.deepEqual(
        findReferences('ABC-1 PROJ-2 UTF-8', ['PROJ', 'UTF']).map((r) => r.key),
        ['PROJ-2', 'UTF-8'],
      );
    });
  });

  describe('buildReleaseNotes and Markdown', () => {
    const commits = [
      commit('chore(deps): bump axios'),
      commit('Merge pull request #50 from team/feature', '', 2),
      commit('fix(cart): empty cart crash', 'Fixes #12\nJira: SHOP-3'),
      commit('feat(api)!: remove v1 endpoints', 'BREAKING CHANGE: clients must use /v2'),
      commit('feat: dark mode (!45)'),
      commit('Update docs for <script>alert(1)</script> [x](javascript:alert(1))'),
      commit('perf: faster search'),
    ];

    it('groups breaking first, then features, fixes and the other types, then non-conventional', () => {
      const notes = buildReleaseNotes(commits, { from: 'v1.0.0', to: 'HEAD' });
      assert.deepEqual(
        notes.sections.map((s) => [s.id, s.entries.length]),
        [
          ['breaking', 1],
          ['feat', 1],
          ['fix', 1],
          ['perf', 1],
          ['chore', 1],
          ['other', 1],
        ],
      );
      assert.equal(notes.sections[0].entries[0].breakingNote, 'clients must use /v2');
      assert.equal(notes.commitCount, 7);
      // The merge commit is not an entry but its PR number is a reference.
      assert.deepEqual(
        notes.references.map((r) => r.key),
        ['#50', '#12', 'SHOP-3', '!45'],
      );
      assert.deepEqual(
        notes.sections[2].entries[0].references.map((r) => r.key),
        ['#12', 'SHOP-3'],
      );
    });

    it('includes merge commits as entries on request', () => {
      const notes = buildReleaseNotes(commits, { to: 'HEAD', includeMerges: true });
      assert.equal(notes.sections.find((s) => s.id === 'other')?.entries.length, 2);
    });

    it('renders Markdown with links from the caller and escapes commit text', () => {
      const notes = buildReleaseNotes(commits, { from: 'v1.0.0', to: 'v1.1.0' });
      const md = renderReleaseNotesMarkdown(notes, {
        referenceUrl: (r) => (r.kind === 'issue' ? `https://github.com/o/r/issues/${r.number}` : undefined),
        commitUrl: (sha) => `https://github.com/o/r/commit/${sha}`,
      });
      const lines = md.split('\n');
      assert.equal(lines[0], '# Changes from v1.0.0 to v1.1.0');
      assert.ok(lines.indexOf('## Breaking changes') < lines.indexOf('## Features'));
      assert.ok(lines.indexOf('## Features') < lines.indexOf('## Bug fixes'));
      assert.ok(md.includes('- feat: **api:** clients must use /v2 ([`'));
      assert.ok(md.includes('[#12](https://github.com/o/r/issues/12), SHOP-3)'));
      assert.ok(!md.includes('<script>'), 'no raw HTML');
      assert.ok(md.includes('&lt;script&gt;'));
      assert.ok(md.includes('\\[x\\](javascript:alert(1))'), 'no injected link');
      assert.match(md, /## References\n\n\[#50\]\(https:\/\/github\.com\/o\/r\/issues\/50\), \[#12\]/);
    });

    it('lists references a service titled as "key: title", escaped to one line, and the rest on one line', () => {
      const notes = buildReleaseNotes(commits, { from: 'v1.0.0', to: 'v1.1.0' });
      const titles: Record<string, string> = { '#12': 'Cart crashes when empty\n## injected [x](command:evil)', '!45': 'Dark mode' };
      const md = renderReleaseNotesMarkdown(notes, {
        referenceTitle: (r) => titles[r.key],
        referenceUrl: (r) => (r.key === '!45' ? 'https://gitlab.example/g/p/-/merge_requests/45' : undefined),
      });
      const references = md.slice(md.indexOf('## References'));
      const lines = references.split('\n');
      assert.equal(lines[2], '- #12: Cart crashes when empty ## injected \\[x\\](command:evil)');
      assert.equal(lines[3], '- [!45](https://gitlab.example/g/p/-/merge_requests/45): Dark mode');
      assert.equal(lines[4], '');
      assert.equal(lines[5], '#50, SHOP-3');
    });

    it('says so when the range is empty', () => {
      const md = renderReleaseNotesMarkdown(buildReleaseNotes([], { from: 'v1', to: 'v1' }));
      assert.match(md, /No changes\./);
    });

    it('escapes inline Markdown metacharacters only', () => {
      assert.equal(escapeMarkdown('a*b_c`d|e v1.2.3 #4'), 'a\\*b\\_c\\`d\\|e v1.2.3 #4');
    });
  });
});
