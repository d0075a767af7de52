/** Shared set-up of the GitLab tests: the documented test server, a project on it, and a client. */
import { SourceError } from '../../../../src/core/sourceError';
import { HttpClient, type HttpClientOptions } from '../../../../src/http/client';
import {
  createGitLabSources,
  gitlabCredential,
  parseGitLabInstance,
  parseGitLabRemote,
  type GitLabProjectRef,
  type GitLabSources,
  type GitLabSourcesOptions,
} from '../../../../src/sources/gitlab';
import { DocServer, type DocServerOptions } from '../../../fixtures/gitlab/docServer';

export const TOKEN = 'glpat-test-0123456789abcdef';
export const ME = { username: 'root', id: 1 };

/** A project on the test server, found as the VS Code layer finds it: from a remote URL and the instance setting. */
export function projectOn(server: DocServer, path = 'my-group/my-project'): GitLabProjectRef {
  const instance = parseGitLabInstance({ url: server.webBase });
  if (!instance) throw new Error(`test server ${server.webBase} is not a valid instance URL`);
  const ref = parseGitLabRemote(`${server.webBase}/${path}.git`, [instance]);
  if (!ref) throw new Error(`no project for ${path}`);
  return ref;
}

/** An HTTP client that never sleeps: waits are recorded instead. */
export function testClient(options: HttpClientOptions = {}): { http: HttpClient; waits: number[] } {
  const waits: number[] = [];
  const http = new HttpClient({
    maxRetries: 0,
    ...options,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { http, waits };
}

export interface Fixture {
  server: DocServer;
  project: GitLabProjectRef;
  sources: GitLabSources;
  http: HttpClient;
  waits: number[];
}

export async function startFixture(
  options: DocServerOptions & { sourceOptions?: Partial<GitLabSourcesOptions>; clientOptions?: HttpClientOptions } = {},
): Promise<Fixture> {
  const server = await DocServer.start({ token: TOKEN, ...options });
  const project = projectOn(server);
  const { http, waits } = testClient(options.clientOptions);
  const sources = createGitLabSources({
    http,
    project,
    credential: gitlabCredential(project, TOKEN),
    currentUser: () => ME,
    headBranch: () => 'feature/login',
    defaultBranch: () => 'main',
    now: () => Date.UTC(2024, 5, 15),
    ...options.sourceOptions,
  });
  return { server, project, sources, http, waits };
}

export function signal(): AbortSignal {
  return new AbortController().signal;
}

/** The SourceError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function failureOf(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SourceError)) throw new Error(`expected a SourceError, got ${String(error)}`);
  return error;
}
