/**
 * Jira rich text as safe Markdown: ADF (Cloud) and wiki markup (Data Center). Hostile input (HTML,
 * script links, markup in text, deep nesting, huge bodies) comes out as inert text.
 */
import assert from 'node:assert/strict';
import { adfToMarkdown, jiraRichTextToMarkdown, wikiToMarkdown } from '../../../../src/sources/jira';
import { exampleOf } from '../../../fixtures/jira/docServer';

const doc = (...content: unknown[]) => ({ type: 'doc', version: 1, content });
const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const t = (text: string, marks?: unknown[]) => ({ type: 'text', text, ...(marks ? { marks } : {}) });

describe('jira rich text', () => {
  it("renders the documented issue's ADF description", () => {
    const issue = exampleOf<{ fields: { description: unknown } }>('GET /rest/api/3/issue/{issueIdOrKey}');
    assert.equal(adfToMarkdown(issue.fields.description), 'Main order flow broken');
  });

  it('renders headings, marks, lists, code, quotes, links and mentions', () => {
    const md = adfToMarkdown(
      doc(
        { type: 'heading', attrs: { level: 2 }, content: [t('Steps')] },
        {
          type: 'orderedList',
          content: [
            { type: 'listItem', content: [p(t('open '), t('cart', [{ type: 'strong' }]))] },
            { type: 'listItem', content: [p(t('pay', [{ type: 'em' }]))] },
          ],
        },
        { type: 'codeBlock', content: [t('npm run\n```x')] },
        { type: 'blockquote', content: [p(t('said'))] },
        p(t('see '), t('docs', [{ type: 'link', attrs: { href: 'https://example.com/a b' } }]), t(' '), {
          type: 'mention',
          attrs: { text: '@Ada' },
        }),
      ),
    );
    assert.equal(
      md,
      '## Steps\n\n1. open **cart**\n2. _pay_\n\n````\nnpm run\n```x\n````\n\n> said\n\nsee [docs](https://example.com/a%20b) @Ada',
    );
  });

  it('hostile ADF: HTML stays text, script and command links are dropped, depth and size are bounded', () => {
    const md = adfToMarkdown(
      doc(
        p(t('<img src=x onerror=alert(1)> [x](command:evil) **bold**')),
        p(
          t('click', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }]),
          t('run', [{ type: 'link', attrs: { href: 'command:workbench.action.terminal.new' } }]),
        ),
        { type: 'inlineCard', attrs: { url: 'data:text/html,<script>' } },
      ),
    );
    assert.ok(!md.includes('<img'), md);
    assert.ok(md.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(!/(?<!\\)\]\((javascript|command|data):/.test(md), md);
    assert.ok(md.includes('\\[x\\](command:evil) \\*\\*bold\\*\\*'));
    let deep: unknown = t('bottom');
    for (let i = 0; i < 5000; i++) deep = { type: 'blockquote', content: [deep] };
    assert.doesNotThrow(() => adfToMarkdown(doc(deep)));
    const huge = adfToMarkdown(doc(p(t('x'.repeat(200_000)))));
    assert.ok(huge.length < 60_000 && huge.endsWith('_(cut)_'));
    assert.equal(adfToMarkdown({ type: 'doc', content: 'not a list' }), '');
    assert.equal(jiraRichTextToMarkdown(null), '');
  });

  it('renders wiki markup (Data Center)', () => {
    const md = wikiToMarkdown(
      'h1. Title\n*bold* and _it_ and {{code}}\n* one\n** two\n# first\n[docs|https://example.com] [https://example.com/x]\nbq. quoted\n{code:java}\nint a = 1;\n{code}\n----',
    );
    assert.equal(
      md,
      '# Title\n**bold** and _it_ and `code`\n- one\n   - two\n1. first\n[docs](https://example.com/) [https://example.com/x](https://example.com/x)\n> quoted\n```\nint a = 1;\n```\n---',
    );
  });

  it('hostile wiki markup: HTML and non-http links are text', () => {
    const md = wikiToMarkdown('<script>alert(1)</script> [run|javascript:alert(1)] [x|command:evil] {html}<b>hi</b>{html}');
    assert.ok(!md.includes('<script>'), md);
    assert.ok(!/(?<!\\)\]\((javascript|command):/.test(md), md);
    assert.ok(md.includes('&lt;script&gt;'));
    assert.equal(jiraRichTextToMarkdown('*x*'), '**x**');
  });
});
