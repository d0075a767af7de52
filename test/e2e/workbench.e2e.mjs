// End-to-end: the real VS Code workbench (code-server) in headless Chromium, used as a person would: click the
// DevOps container, run a command from the palette and answer its quick picks with the keyboard, open a file and
// read the CodeLens and hover. Screenshots land in .test-artifacts/e2e/ (git-ignored).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDemoWorkspace } from '../tools/demo-workspace.mjs';
import { artifactsDir, startHost } from '../tools/host.mjs';
import { root } from '../tools/ensure.mjs';

const shots = path.join(artifactsDir, 'e2e');
const VIEWS = ['Plan', 'Code', 'Build', 'Deploy', 'Monitor', 'Timeline'];

/**
 * Five weeks of production deploys and incidents in the demo repository's journal (git notes, the format of
 * src/sources/git/reports.ts), before the deploy reported in the test above, so the dashboard has something to show.
 */
function seedJournal(dir) {
  const git = (...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
  const commits = git('rev-list', '--first-parent', 'HEAD').split('\n').reverse();
  const now = Date.now();
  const day = 24 * 3600_000;
  const reportedBy = { name: 'E2E Tester', email: 'e2e@example.com' };
  const add = (commit, report) =>
    git(
      'notes',
      '--ref',
      'refs/notes/devops-feedback',
      'append',
      '-m',
      JSON.stringify({ schema: 'devops-feedback/v1', ...report, commit, reportedBy }),
      commit,
    );
  commits.forEach((commit, i) => {
    const at = now - (commits.length - i) * 3 * day;
    const status = i % 5 === 3 ? 'failed' : 'success';
    add(commit, {
      type: 'deploy',
      id: `e2e-deploy-${i}`,
      reportedAt: new Date(at).toISOString(),
      environment: 'production',
      status,
      version: `v0.${i}`,
    });
    if (i % 4 === 2) {
      add(commit, {
        type: 'incident',
        id: `e2e-incident-${i}`,
        reportedAt: new Date(at + 3600_000).toISOString(),
        severity: 'major',
        summary: `errors after v0.${i}`,
        deployId: `e2e-deploy-${i}`,
      });
      add(commit, {
        type: 'incident-resolution',
        id: `e2e-resolution-${i}`,
        reportedAt: new Date(at + 5 * 3600_000).toISOString(),
        incidentId: `e2e-incident-${i}`,
      });
    }
  });
}

describe('the DevOps workbench, end to end', function () {
  this.timeout(300_000);
  let host;
  let page;
  let temp;
  let workspace;

  before(async () => {
    fs.mkdirSync(shots, { recursive: true });
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'dfl-e2e-'));
    workspace = path.join(temp, 'demo');
    createDemoWorkspace(workspace);
    // Reports are signed with the repository's git identity.
    execFileSync('git', ['config', 'user.name', 'E2E Tester'], { cwd: workspace });
    execFileSync('git', ['config', 'user.email', 'e2e@example.com'], { cwd: workspace });
    host = await startHost({ workspace, extensionPath: root, label: 'e2e', quiet: true });
    page = host.page;
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  });

  afterEach(async function () {
    // A failing step leaves a picture of what the workbench showed.
    if (this.currentTest?.state === 'failed' && page) {
      await page
        .screenshot({ path: path.join(shots, `failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 60)}.png`) })
        .catch(() => {});
    }
  });

  after(async () => {
    await host?.stop();
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  });

  async function runCommand(title) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  /** Waits for the quick input titled `title`, types `text` (when given) and presses Enter. */
  async function answer(title, text) {
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: title }).waitFor();
    if (text !== undefined) await widget.locator('input').fill(text);
    await page.keyboard.press('Enter');
  }

  it('shows the DevOps container with its six views', async () => {
    const container = page
      .locator('.activitybar [role="tab"][aria-label^="DevOps"], .activitybar .action-item a[aria-label^="DevOps"]')
      .first();
    await container.click();
    const headers = page.locator('.sidebar .pane-header');
    await page.locator('.sidebar .pane-header', { hasText: 'Timeline' }).waitFor();
    const titles = (await headers.allInnerTexts()).map((t) => t.split('\n')[0].trim());
    for (const view of VIEWS)
      assert.ok(
        titles.some((t) => t.toLowerCase() === view.toLowerCase()),
        `${view} in ${titles.join(', ')}`,
      );
    // The Deploy view lists the repository's releases (tags), read from git with no configuration.
    await page.locator('.sidebar .monaco-list-row', { hasText: 'Releases' }).first().waitFor();
    await page.screenshot({ path: path.join(shots, 'devops-container.png') });
  });

  it('reports a deploy from the command palette; the editor then shows where the code runs', async () => {
    await runCommand('DevOps: Report Deploy');
    await answer('which commit was deployed', 'HEAD');
    await answer('environment', 'production');
    await answer('version', 'v1.2.0');
    await answer('outcome', 'Succeeded');
    await answer('link');
    await answer('note');
    await page.locator('.sidebar .monaco-list-row', { hasText: 'production' }).first().waitFor();

    await runCommand('Go to File');
    await page.locator('.quick-input-widget input').fill('math.ts');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'math.ts' }).first().waitFor();
    await page.keyboard.press('Enter');
    const lens = page.locator('.contentWidgets .codelens-decoration', { hasText: 'live in production since v1.2.0' }).first();
    await lens.waitFor({ timeout: 60_000 });
    assert.match(await lens.innerText(), /live in production since v1\.2\.0/);

    // Hover a line of code: the hover names the commit and the deploy containing it.
    const line = page.locator('.view-lines .view-line', { hasText: 'export function sum' }).first();
    const box = await line.boundingBox();
    assert.ok(box, 'the line is on screen');
    await page.mouse.move(box.x + 40, box.y + box.height / 2);
    await page.mouse.move(box.x + 60, box.y + box.height / 2);
    // Hover text is rendered with non-breaking spaces.
    const hover = page.locator('.monaco-hover', { hasText: /live.in.production/ }).first();
    await hover.waitFor({ timeout: 30_000 });
    assert.match(await hover.innerText(), /live.in.production.since.v1\.2\.0/);
    await page.screenshot({ path: path.join(shots, 'editor-codelens-hover.png') });
  });

  it('opens the dashboard from the Deploy view: tiles with bands, charts, and the events behind a tile', async () => {
    // Written behind the extension's back, as a `git fetch` of the team's notes would; Refresh reads it.
    seedJournal(workspace);
    await runCommand('DevOps: Refresh');
    await page.locator('.pane-header', { hasText: 'Deploy' }).first().hover();
    await page.locator('.pane-header .action-label[aria-label="Open Dashboard"]').first().click();
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe');
    const tiles = frame.locator('.tiles.keys .tile');
    await tiles.first().waitFor({ timeout: 60_000 });
    assert.equal(await tiles.count(), 4);
    assert.match(await frame.locator('.edition').innerText(), /2023 Accelerate State of DevOps Report/);
    assert.match(await tiles.nth(0).innerText(), /Deployment frequency/);
    await frame.locator('.chart canvas').first().waitFor();
    await tiles.nth(2).click();
    await frame.locator('.drill ul.events li').first().waitFor();
    await page.screenshot({ path: path.join(shots, 'dashboard.png') });
    // An event behind the change failure rate opens its details panel.
    await frame.locator('.drill ul.events li a').first().click();
    await page
      .locator('.tab', { hasText: /^Deployment: / })
      .first()
      .waitFor({ timeout: 30_000 });
  });
});
