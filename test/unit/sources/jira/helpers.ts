/** Shared set-up of the Jira tests: the documented test server (Cloud or Data Center), a site on it, a client. */
import { HttpClient, type HttpClientOptions } from '../../../../src/http/client';
import { jiraCredential, JiraSprintSource, parseJiraSite, type JiraSite, type JiraSourceOptions } from '../../../../src/sources/jira';
import { JiraDocServer, type JiraDocServerOptions, type JiraKind } from '../../../fixtures/jira/docServer';
import { sprintData } from '../../../fixtures/jira/synthetic';

export const TOKEN = 'ATATT3xFfGF0-test-token-0123456789';
export const EMAIL = 'ada@example.com';

export function testClient(options: HttpClientOptions = {}): { http: HttpClient; waits: number[] } {
  const waits: number[] = [];
  const http = new HttpClient({ maxRetries: 0, ...options, sleep: async (ms) => void waits.push(ms) });
  return { http, waits };
}

export interface Fixture {
  server: JiraDocServer;
  site: JiraSite;
  source: JiraSprintSource;
  http: HttpClient;
  waits: number[];
}

export async function startFixture(
  kind: JiraKind,
  options: {
    server?: Partial<JiraDocServerOptions>;
    site?: Record<string, unknown>;
    source?: Partial<JiraSourceOptions>;
    client?: HttpClientOptions;
    issues?: number;
  } = {},
): Promise<Fixture> {
  const server = await new JiraDocServer({
    kind,
    token: TOKEN,
    email: EMAIL,
    data: sprintData(kind, options.issues ?? 7, 2),
    ...(kind === 'datacenter' ? { contextPath: '/jira' } : {}),
    ...options.server,
  }).start();
  const parsed = parseJiraSite({ url: server.url, kind, email: kind === 'cloud' ? EMAIL : undefined, boards: [1], ...options.site });
  if (typeof parsed === 'string') throw new Error(parsed);
  const { http, waits } = testClient(options.client);
  const source = new JiraSprintSource({ http, site: parsed, credential: jiraCredential(parsed, TOKEN), ...options.source });
  return { server, site: parsed, source, http, waits };
}

export function signal(): AbortSignal {
  return new AbortController().signal;
}
