/** Shared set-up of the Jenkins tests: the documented test server with a folder, a multibranch project and a plain job. */
import { HttpClient } from '../../../../src/http/client';
import { basicCredential } from '../../../../src/http/credentials';
import { instanceBase, JenkinsBuildSource, type JenkinsSourceOptions } from '../../../../src/sources/jenkins';
import { DocServer, type DocServerOptions, type FxItem } from '../../../fixtures/jenkins/docServer';

export const USER = 'dev';
export const TOKEN = '11aa22bb33cc44dd55ee66ff77889900aa';
export const REPO = 'git.example.com/team/app';
export const SHA_MAIN = 'a'.repeat(40);
export const SHA_FEATURE = 'b'.repeat(40);
export const T0 = Date.UTC(2026, 10, 1, 12, 0, 0);

export function sampleJobs(): FxItem[] {
  return [
    {
      name: 'team',
      kind: 'folder',
      jobs: [
        {
          name: 'app',
          kind: 'multibranch',
          jobs: [
            {
              name: 'main',
              kind: 'pipeline',
              builds: [
                {
                  number: 7,
                  result: 'SUCCESS',
                  duration: 90_000,
                  timestamp: T0,
                  cause: 'Branch indexing',
                  sha: SHA_MAIN,
                  gitBranch: 'main',
                  remoteUrl: 'https://git.example.com/team/app.git',
                  stages: [
                    { id: '6', name: 'Build', status: 'SUCCESS', startTimeMillis: T0 + 1000, durationMillis: 30_000 },
                    { id: '12', name: 'Test', status: 'SUCCESS', startTimeMillis: T0 + 31_000, durationMillis: 50_000 },
                  ],
                },
              ],
            },
            {
              name: 'feature%2Flogin',
              kind: 'pipeline',
              parameters: [{ name: 'TARGET', type: 'ChoiceParameterDefinition', choices: ['staging', 'qa'], defaultValue: 'staging' }],
              builds: [
                {
                  number: 3,
                  result: 'UNSTABLE',
                  duration: 120_000,
                  timestamp: T0 + 3_600_000,
                  cause: 'Started by user Dev',
                  sha: SHA_FEATURE,
                  gitBranch: 'feature/login',
                  remoteUrl: 'git@git.example.com:team/app.git',
                  stages: [
                    { id: '6', name: 'Build', status: 'SUCCESS', startTimeMillis: T0 + 3_601_000, durationMillis: 30_000 },
                    { id: '14', name: 'Test', status: 'UNSTABLE', startTimeMillis: T0 + 3_631_000, durationMillis: 80_000 },
                  ],
                  testReport: {
                    failCount: 2,
                    passCount: 40,
                    skipCount: 1,
                    suites: [
                      {
                        name: 'cart',
                        cases: [
                          { className: 'cart', name: 'skips tax', status: 'SKIPPED', age: 0, skipped: true },
                          {
                            className: 'cart',
                            name: 'adds totals',
                            status: 'REGRESSION',
                            age: 1,
                            errorDetails: 'expected 3 to equal 4',
                            errorStackTrace:
                              'AssertionError: expected 3 to equal 4\n    at Context.<anonymous> (/var/jenkins/workspace/team_app_feature-login@2/test/cart.test.ts:12:18)\n    at node_modules/mocha/lib/runnable.js:366:21',
                          },
                          {
                            className: 'cart',
                            name: 'rounds',
                            status: 'FAILED',
                            age: 4,
                            errorDetails: 'rounding',
                            errorStackTrace: 'Error: rounding\n    at round (src/cart.ts:40:9)',
                          },
                        ],
                      },
                    ],
                  },
                  log: 'Started by user Dev\n[Pipeline] stage\nTests failed\nFinished: UNSTABLE\n',
                },
                {
                  number: 2,
                  result: 'SUCCESS',
                  duration: 100_000,
                  timestamp: T0 + 1_800_000,
                  sha: SHA_FEATURE,
                  gitBranch: 'feature/login',
                },
              ],
            },
          ],
        },
      ],
    },
    {
      name: 'other',
      kind: 'pipeline',
      builds: [{ number: 1, result: 'SUCCESS', timestamp: T0, sha: 'c'.repeat(40), remoteUrl: 'https://git.example.com/team/other.git' }],
    },
  ];
}

export async function startServer(options: DocServerOptions = {}): Promise<DocServer> {
  return DocServer.start({ users: { [USER]: TOKEN }, jobs: sampleJobs(), ...options });
}

export function testClient(): HttpClient {
  return new HttpClient({ maxRetries: 0, sleep: async () => undefined });
}

export function sourceOn(server: DocServer, options: Partial<JenkinsSourceOptions> = {}): JenkinsBuildSource {
  const base = instanceBase(server.base);
  return new JenkinsBuildSource({
    http: testClient(),
    base,
    credential: basicCredential(new URL(base).origin, USER, TOKEN),
    repo: REPO,
    headBranch: () => 'feature/login',
    defaultBranch: () => 'main',
    now: () => T0 + 7_200_000,
    ...options,
  });
}
