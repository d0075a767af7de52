/** Shared set-up of the Argo CD tests: the documented test server, an instance on it, a client and a source. */
import { HttpClient } from '../../../../src/http/client';
import { bearerCredential } from '../../../../src/http/credentials';
import { ArgoCdSource, parseArgoCdInstance, type ArgoCdInstanceSetting } from '../../../../src/sources/argocd';
import { ArgoServer } from '../../../fixtures/argocd/argoServer';

export const TOKEN = 'argocd-token-0123456789abcdef';
export const REPO_HTTPS = 'https://git.example.com/shop/checkout.git';
/** The same repository as the workspace knows it: an SSH remote. */
export const WORKSPACE_IDENTITY = 'git.example.com/shop/checkout';

export interface ArgoFixture {
  server: ArgoServer;
  http: HttpClient;
  source: ArgoCdSource;
  waits: number[];
}

export async function startArgo(
  setting: Partial<ArgoCdInstanceSetting> = {},
  identities: readonly string[] = [WORKSPACE_IDENTITY],
): Promise<ArgoFixture> {
  const server = await ArgoServer.start({ token: TOKEN });
  const waits: number[] = [];
  const http = new HttpClient({ maxRetries: 0, sleep: async (ms) => void waits.push(ms) });
  const source = makeSource(server, http, setting, identities);
  return { server, http, source, waits };
}

export function makeSource(
  server: ArgoServer,
  http: HttpClient,
  setting: Partial<ArgoCdInstanceSetting> = {},
  identities: readonly string[] = [WORKSPACE_IDENTITY],
  token = TOKEN,
): ArgoCdSource {
  const instance = parseArgoCdInstance({ url: server.url, ...setting });
  if (!instance) throw new Error(`${server.url} is not an instance URL`);
  return new ArgoCdSource({
    http,
    instance,
    credential: bearerCredential(instance.origin, token),
    workspaceIdentities: () => new Set(identities),
  });
}

export function signal(): AbortSignal {
  return new AbortController().signal;
}
