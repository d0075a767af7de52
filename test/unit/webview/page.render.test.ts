/**
 * Renders the real page bundle in headless Chromium, inside the real HTML shell and CSP, with a
 * recording `acquireVsCodeApi`, and feeds it hostile remote strings.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { detailsHtml, makeNonce } from '../../../src/core/details/html';
import type { HostMessage, PageMessage } from '../../../src/core/details/protocol';
import { buildDoraReport } from '../../../src/core/dora/report';
import { deploy, incident, REPO, graph, at } from '../core/dora/history';
import { HOSTILE_TITLE, hostileItem, ordinaryItem, signal } from './items';

const root = path.resolve(__dirname, '../../..');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Runs in the page before any of its scripts: the webview API stub and a CSP violation recorder. */
const INIT_SCRIPT = `
  window.__posted = [];
  window.__violations = [];
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => window.__state,
    setState: (s) => { window.__state = s; },
  });
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
`;

describe('webview page in Chromium', function () {
  this.timeout(60_000);

  let dir: string;
  let server: http.Server;
  let origin: string;
  let browser: Browser;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'webview-page-'));
    await esbuild.build({
      absWorkingDir: root,
      entryPoints: ['webview/main.ts'],
      outfile: path.join(dir, 'webview.js'),
      bundle: true,
      minify: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      logLevel: 'silent',
      loader: { '.css': 'text' }, // as test/tools/build.mjs: uPlot's stylesheet, adopted by the dashboard
    });
    const script = await readFile(path.join(dir, 'webview.js'));
    server = http.createServer((req, res) => {
      const shell = detailsHtml({ cspSource: origin, scriptUri: `${origin}/webview.js`, nonce: makeNonce(), title: 'details' });
      if (req.url === '/webview.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      } else if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(shell);
      } else if (req.url === '/no-csp') {
        // The same page without its CSP: proves the rendering itself is inert, not only the policy.
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(shell.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    } catch (err) {
      throw new Error(`Chromium could not start from ${CHROMIUM} (apt-get install chromium): ${String(err)}`);
    }
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  async function open(pathname: string): Promise<Page> {
    const page = await browser.newPage();
    await page.addInitScript(INIT_SCRIPT);
    await page.goto(origin + pathname);
    await page.waitForFunction('window.__posted.length > 0');
    return page;
  }

  /** Delivers a host message the way VS Code does: a `message` event on the page's window. */
  async function show(page: Page, message: HostMessage | unknown): Promise<void> {
    await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
  }

  async function posted(page: Page): Promise<PageMessage[]> {
    return (await page.evaluate('window.__posted')) as PageMessage[];
  }

  it('says ready, renders an item with native components and records the signal id for restore', async () => {
    const page = await open('/');
    assert.deepEqual(await posted(page), [{ type: 'ready' }]);
    await show(page, { type: 'show', item: ordinaryItem() });
    await page.waitForSelector('h1');
    assert.equal(await page.textContent('h1'), 'CI on main');
    // Upgraded web components (a shadow root each), with the state text in the badge.
    assert.equal(await page.evaluate("document.querySelector('vscode-badge.state-failed').shadowRoot !== null"), true);
    assert.equal(await page.textContent('vscode-badge.state-failed'), 'failed (failure)');
    assert.equal(
      await page.evaluate("customElements.get('vscode-button') !== undefined && customElements.get('vscode-collapsible') !== undefined"),
      true,
    );
    assert.equal(await page.evaluate("document.querySelectorAll('vscode-collapsible').length"), 4);
    assert.equal(await page.textContent('pre.code'), 'Error: boom\n    at main (src/app.ts:12:3)');
    assert.equal(await page.textContent('.markdown strong'), 'the build');
    assert.equal(await page.getAttribute('code.chip', 'title'), '0123456789abcdef0123456789abcdef01234567');
    assert.equal(await page.textContent('code.chip'), '0123456');
    assert.deepEqual(await page.evaluate('window.__state'), { signalId: 'github:pipelineRun:42' });
    assert.deepEqual(await page.evaluate('window.__violations'), []);
    await page.close();
  });

  it('turns clicks into messages and never navigates', async () => {
    const page = await open('/');
    await show(page, { type: 'show', item: ordinaryItem() });
    await page.waitForSelector('h1');
    await page.getByText('docs', { exact: true }).click();
    await page.getByText('src/app.ts:12', { exact: true }).click();
    await page.getByText('test/app.test.ts:3', { exact: true }).click();
    await page.getByText('#42', { exact: true }).click();
    await page.locator('vscode-button', { hasText: 'Re-run' }).click();
    assert.deepEqual((await posted(page)).slice(1), [
      { type: 'openExternal', url: 'https://example.com/docs' },
      { type: 'openFile', path: 'src/app.ts', line: 12, repo: 'octo/app' },
      { type: 'openFile', path: 'test/app.test.ts', line: 3, repo: 'octo/app' },
      { type: 'openExternal', url: 'https://github.com/octo/app/actions/runs/42' },
      { type: 'action', actionId: 'rerun', signalId: 'github:pipelineRun:42' },
    ]);
    assert.equal(page.url(), `${origin}/`);
    await page.close();
  });

  for (const pathname of ['/', '/no-csp']) {
    it(`renders hostile strings inert (${pathname === '/' ? 'with the CSP' : 'without the CSP'})`, async () => {
      const page = await open(pathname);
      await show(page, { type: 'show', item: hostileItem() });
      await page.waitForSelector('h1');

      assert.equal(await page.evaluate('window.__pwned'), undefined, 'no remote string ran as script');
      assert.equal(await page.textContent('h1'), HOSTILE_TITLE, 'the title is shown as the text it is');
      assert.equal(await page.evaluate('document.scripts.length'), 1, 'only the bundle is a script');
      assert.deepEqual(
        await page.evaluate(
          `[...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => e.tagName + ' ' + a.name))`,
        ),
        [],
      );
      assert.deepEqual(
        await page.evaluate(`[...document.querySelectorAll('img, iframe, svg, object, embed, b')].map((e) => e.tagName)`),
        [],
      );

      const hrefs = (await page.evaluate(
        `[...document.querySelectorAll('[href], [src]')].map((e) => e.getAttribute('href') ?? e.getAttribute('src'))`,
      )) as string[];
      assert.ok(hrefs.length > 0);
      for (const href of hrefs) {
        assert.match(href, /^(https?:|#$)|\/webview\.js$/, `unexpected link ${href}`);
      }
      assert.ok(!hrefs.some((h) => /javascript|command:/i.test(h)));

      // Raw HTML in markdown shows as text; the markdown's own heading still renders.
      const markdown = (await page.textContent('.markdown')) ?? '';
      assert.ok(markdown.includes(`<img src=x onerror="window.__pwned = 'md-img'">`));
      assert.equal(
        await page.evaluate(`document.querySelector('.markdown h1').textContent`),
        'Release <script>window.__pwned = "md-script"</script>',
      );

      // Dangerous links lose their target; clicking them posts nothing and goes nowhere.
      for (const text of ['js link', 'command link', 'relative link']) {
        const link = page.locator('.markdown a', { hasText: text });
        assert.equal(await link.getAttribute('href'), null, text);
        await link.click();
      }
      await page.locator('ul.related li').getByText(`<img src=x onerror="window.__pwned='related'">`).click();
      assert.deepEqual(await posted(page), [{ type: 'ready' }]);
      await page.getByText('docs link', { exact: true }).click();
      assert.deepEqual(await posted(page), [{ type: 'ready' }, { type: 'openExternal', url: 'https://example.com/docs?a=1&b=2' }]);
      assert.equal(page.url(), origin + pathname);

      // 1 MB of code is cut, with a note.
      const code = (await page.textContent('pre.code')) ?? '';
      assert.ok(code.length < 300_000 && code.startsWith('<script>'));
      assert.ok(((await page.textContent('body')) ?? '').includes('(truncated)'));

      assert.equal(await page.evaluate('window.__pwned'), undefined);
      if (pathname === '/') {
        assert.deepEqual(await page.evaluate('window.__violations'), [], 'nothing even tried to break the CSP');
      }
      await page.close();
    });
  }

  it('cuts a 1 MB title with a note', async () => {
    const page = await open('/');
    const title = 'T'.repeat(1_000_000);
    await show(page, { type: 'show', item: { signal: signal({ title }), related: [] } });
    await page.waitForSelector('h1');
    const h1 = (await page.textContent('h1')) ?? '';
    assert.ok(h1.startsWith('TTTT') && h1.length < 2_000);
    assert.match(h1, /\(truncated, 1,000,000 characters\)$/);
    await page.close();
  });

  it('ignores messages that do not match the protocol', async () => {
    const page = await open('/');
    await show(page, { type: 'show', item: ordinaryItem() });
    await page.waitForSelector('h1');
    await show(page, { type: 'show', item: { signal: { ...signal(), kind: 'virus', title: 'replaced' }, related: [] } });
    await show(page, { type: 'html', html: '<img src=x onerror="window.__pwned=1">' });
    await show(page, 'show');
    // A valid message after the bad ones proves they were processed (messages are delivered in order).
    await show(page, { type: 'show', item: { signal: signal({ title: 'second' }), related: [] } });
    await page.waitForFunction(`document.querySelector('h1').textContent === 'second'`);
    assert.equal(await page.evaluate('window.__pwned'), undefined);
    assert.deepEqual(await posted(page), [{ type: 'ready' }]);
    await page.close();
  });

  it('renders the dashboard under the CSP: tiles, uPlot charts, hostile titles as text; a tile lists its events, an event posts open', async () => {
    const page = await open('/');
    const report = buildDoraReport(
      [
        deploy('D0', 'b', -200),
        deploy('D1', 'c', 24, 'success', 'production', { title: HOSTILE_TITLE }),
        deploy('D2', 'd', 48, 'failed'),
        incident('I', 30, { deploy: 'D1', environment: 'production', resolvedHours: 31 }),
      ],
      {
        now: at(72),
        days: 7,
        preferredEnvironment: 'production',
        graphs: new Map([[REPO, graph({ c: { hours: 20, parents: ['b'] }, d: { hours: 40, parents: ['c'] } })]]),
      },
    );
    await show(page, { type: 'dashboard', report, choice: { days: 7 } });
    await page.waitForSelector('.tiles.keys .tile');
    assert.equal(await page.locator('.tiles.keys .tile').count(), 4);
    assert.deepEqual(await page.evaluate('window.__state'), { dashboard: { days: 7 } }, 'kept for a reload');
    assert.equal((await page.locator('.chart canvas').count()) >= 2, true, 'two uPlot charts drew');
    assert.match((await page.textContent('.edition')) ?? '', /2023 Accelerate State of DevOps Report/);
    await page.locator('.tile[data-key="changeFailureRate"]').click();
    const link = page.locator('.drill ul.events li a').first();
    assert.equal(await link.textContent(), HOSTILE_TITLE, 'a remote title is shown as the text it is');
    await link.click();
    await page.locator('.controls select[aria-label="Window"]').selectOption('30');
    await page.locator('button.export').click();
    assert.deepEqual((await posted(page)).slice(1), [
      { type: 'open', signalId: 'git:/repo:deployment:D1' },
      { type: 'select', choice: { days: 30, environment: 'production' } },
      { type: 'export' },
    ]);
    assert.equal(await page.evaluate('window.__pwned'), undefined);
    assert.deepEqual(await page.evaluate('window.__violations'), [], 'uPlot and the page stay within the CSP');
    await page.close();
  });
});
