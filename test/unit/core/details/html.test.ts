import assert from 'node:assert/strict';
import { contentSecurityPolicy, detailsHtml, escapeHtml, makeNonce } from '../../../../src/core/details/html';

const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';

describe('webview HTML shell', () => {
  it('makes 32-character hex nonces, a new one each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => makeNonce()));
    assert.equal(nonces.size, 50);
    for (const n of nonces) {
      assert.match(n, /^[0-9a-f]{32}$/);
    }
  });

  it('sets the strict CSP: nothing by default, scripts by nonce only, no unsafe-inline or eval', () => {
    const nonce = makeNonce();
    assert.equal(
      contentSecurityPolicy(cspSource, nonce),
      `default-src 'none'; img-src ${cspSource} https: data:; style-src ${cspSource}; script-src 'nonce-${nonce}'; font-src ${cspSource}`,
    );
  });

  it('refuses a nonce that could end the source expression', () => {
    assert.throws(() => contentSecurityPolicy(cspSource, "abc' 'unsafe-inline"), /nonce/);
    assert.throws(() => contentSecurityPolicy(cspSource, ''), /nonce/);
  });

  it('puts the CSP meta first in head and the nonce on the one script tag', () => {
    const nonce = makeNonce();
    const html = detailsHtml({ cspSource, scriptUri: `${cspSource}/ext/dist/webview.js`, nonce, title: 'Pipeline run: CI' });
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
    assert.match(
      head,
      /^<head>\s*<meta charset="UTF-8">\s*<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/,
    );
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [`<script nonce="${nonce}" src="${cspSource}/ext/dist/webview.js">`]);
    assert.ok(head.includes(`script-src &#39;nonce-${nonce}&#39;`));
    assert.ok(!html.includes('unsafe-inline') && !html.includes('unsafe-eval'));
  });

  it('escapes every interpolated string', () => {
    const html = detailsHtml({
      cspSource,
      scriptUri: 'https://x.example/a.js"><script>alert(1)</script>',
      nonce: makeNonce(),
      title: '</title><script>alert(2)</script><img src=x onerror=alert(3)>',
    });
    assert.equal((html.match(/<script\b/g) ?? []).length, 1);
    assert.ok(!html.includes('<img'));
    assert.ok(
      html.includes('<title>&#60;/title&#62;&#60;script&#62;alert(2)&#60;/script&#62;&#60;img src=x onerror=alert(3)&#62;</title>'),
    );
    assert.ok(html.includes('src="https://x.example/a.js&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"'));
  });

  it('escapeHtml covers the five HTML-significant characters', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });
});
