/**
 * A pull request's changed files and a file's text at a commit, through GitHubApi against the
 * OpenAPI test server ("List pull requests files" and "Get repository content" as GitHub documents them).
 */
import assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/http/client';
import { GITHUB_MAX_PULL_REQUEST_FILES, GitHubApi, githubCredential } from '../../../../src/sources/github/api';
import { SourceError } from '../../../../src/core/sourceError';
import type { GitHubRepoRef } from '../../../../src/sources/github/remote';
import type { GhPullRequestFile } from '../../../../src/sources/github/types';
import { exampleOf, OpenApiServer } from '../../../fixtures/github/openapiServer';

const FILES = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files';
const CONTENTS = 'GET /repos/{owner}/{repo}/contents/{path}';

/** GitHub's example file entry, renamed to `name`. */
function fileEntry(name: string, extra: Partial<GhPullRequestFile> = {}): GhPullRequestFile {
  const example = (exampleOf(FILES) as GhPullRequestFile[])[0];
  return { ...example, filename: name, status: 'modified', ...extra };
}

/** GitHub's example "file" answer of the contents API, holding `text`. */
function fileContentAnswer(path: string, text: string): unknown {
  const example = exampleOf(CONTENTS, '200', 'response-if-content-is-a-file') as Record<string, unknown>;
  return { ...example, path, name: path.split('/').pop(), size: Buffer.byteLength(text), content: Buffer.from(text).toString('base64') };
}

describe('github/api pull request files', () => {
  let server: OpenApiServer;
  const http = new HttpClient({ maxRetries: 0 });

  const repoOf = (s: OpenApiServer): GitHubRepoRef => ({
    host: new URL(s.origin).host,
    owner: 'octocat',
    repo: 'Hello-World',
    apiBase: s.apiBase,
    webBase: s.origin,
    enterprise: false,
  });

  beforeEach(async () => {
    server = await OpenApiServer.start();
  });
  afterEach(async () => {
    assert.deepEqual(server.violations, [], 'every request is one GitHub documents');
    await server.close();
  });

  it('lists every page 100 at a time, following Link', async () => {
    server.setData(
      FILES,
      Array.from({ length: 250 }, (_, i) => fileEntry(`src/file${i}.ts`)),
    );
    const list = await new GitHubApi({ http, repo: repoOf(server) }).listPullRequestFiles(1347);
    assert.equal(list.files.length, 250);
    assert.equal(list.files[249].filename, 'src/file249.ts');
    assert.equal(list.complete, true);
    assert.deepEqual(
      server.requests.map((r) => r.url),
      [
        '/repos/octocat/Hello-World/pulls/1347/files?per_page=100',
        '/repos/octocat/Hello-World/pulls/1347/files?per_page=100&page=2',
        '/repos/octocat/Hello-World/pulls/1347/files?per_page=100&page=3',
      ],
    );
  });

  it("reads GitHub's example and a renamed file with its previous name", async () => {
    const example = exampleOf(FILES) as GhPullRequestFile[];
    const renamed = fileEntry('docs/new-name.md', {
      status: 'renamed',
      previous_filename: 'docs/old-name.md',
      additions: 2,
      deletions: 1,
      changes: 3,
    });
    server.setData(FILES, [...example, renamed]);
    const { files } = await new GitHubApi({ http, repo: repoOf(server) }).listPullRequestFiles(1347);
    assert.deepEqual(
      files.map((f) => [f.filename, f.status, f.previous_filename, f.additions, f.deletions]),
      [
        ['file1.txt', 'added', undefined, 103, 21],
        ['docs/new-name.md', 'renamed', 'docs/old-name.md', 2, 1],
      ],
    );
  });

  it("stops at GitHub's cap of 3000 files and says the list is incomplete", async () => {
    server.setData(
      FILES,
      Array.from({ length: GITHUB_MAX_PULL_REQUEST_FILES + 5 }, (_, i) => fileEntry(`f${i}`)),
    );
    const list = await new GitHubApi({ http, repo: repoOf(server) }).listPullRequestFiles(7);
    assert.equal(list.files.length, GITHUB_MAX_PULL_REQUEST_FILES);
    assert.equal(list.complete, false);
    assert.equal(server.requests.length, GITHUB_MAX_PULL_REQUEST_FILES / 100, 'bounded: no page past the cap');
  });

  it('a missing pull request (404) is a SourceError naming what failed', async () => {
    server.replyOnce(FILES, OpenApiServer.error(404, 'Not Found'));
    await assert.rejects(new GitHubApi({ http, repo: repoOf(server) }).listPullRequestFiles(99), (error: unknown) => {
      assert.ok(error instanceof SourceError);
      assert.equal(error.status, 404);
      assert.match(error.message, /list the files of pull request #99/);
      return true;
    });
  });

  it('reads a file at a commit as raw text from the API origin, with the token, for a private repository', async () => {
    await server.close();
    server = await OpenApiServer.start({ token: 'secret-token', privateRepo: true });
    const sha = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
    server.on(CONTENTS, (req) =>
      req.pathParams.path === 'src/a b.ts' && req.query.get('ref') === sha
        ? { status: 200, body: fileContentAnswer('src/a b.ts', 'export const x = 1; // ✓\n') }
        : OpenApiServer.error(404, 'Not Found'),
    );
    const repo = repoOf(server);
    const api = new GitHubApi({ http, repo, credential: githubCredential(repo, 'secret-token') });
    assert.equal(await api.fileContent('src/a b.ts', sha), 'export const x = 1; // ✓\n');
    assert.equal(server.requests[0].url, `/repos/octocat/Hello-World/contents/src/a%20b.ts?ref=${sha}`);
    assert.equal(server.requests[0].authorization, 'Bearer secret-token');
    await assert.rejects(api.fileContent('src/missing.ts', sha), (error: unknown) => error instanceof SourceError && error.status === 404);
    const anonymous = new GitHubApi({ http, repo });
    await assert.rejects(
      anonymous.fileContent('src/a b.ts', sha),
      (error: unknown) => error instanceof SourceError && error.status === 404,
      'a private repository answers 404 without the token, as GitHub does',
    );
  });
});
