/** Shared set-up of the CDS tests: the documented test server with a project whose workflow builds `team/app`. */
import { HttpClient } from '../../../../src/http/client';
import { cdsBase, CdsBuildSource, type CdsSourceOptions } from '../../../../src/sources/cds';
import { CdsDocServer, type DocServerOptions, type FxProject, type FxRun } from '../../../fixtures/cds/docServer';

export const SIGNIN_TOKEN = 'cds-consumer-0123456789abcdef0123456789abcdef';
export const REPO = 'git.example.com/team/app';
export const SHA_MAIN = 'a'.repeat(40);
export const SHA_FEATURE = 'b'.repeat(40);
export const T0 = Date.UTC(2026, 10, 1, 12, 0, 0);

export function finishedRun(num: number, branch: string, hash: string, status = 'Success'): FxRun {
  return {
    num,
    status,
    branch,
    hash,
    start: T0 + num * 3_600_000,
    lastModified: T0 + num * 3_600_000 + 120_000,
    nodes: [
      {
        id: num * 100 + 1,
        nodeId: 11,
        name: 'build',
        status,
        stages: [
          {
            name: 'Compile',
            status,
            jobs: [
              {
                id: num * 1000 + 1,
                name: 'Go build',
                status,
                start: T0 + num * 3_600_000 + 1000,
                done: T0 + num * 3_600_000 + 61_000,
                steps: [
                  {
                    name: 'checkout',
                    status: 'Success',
                    start: T0 + num * 3_600_000 + 1000,
                    done: T0 + num * 3_600_000 + 2000,
                    log: 'cloned\n',
                  },
                  {
                    name: 'make',
                    status,
                    start: T0 + num * 3_600_000 + 2000,
                    done: T0 + num * 3_600_000 + 61_000,
                    log: '\u001b[31mFAIL\u001b[0m\n',
                  },
                ],
              },
            ],
          },
        ],
      },
      {
        id: num * 100 + 2,
        nodeId: 12,
        name: 'deploy',
        status: status === 'Success' ? 'Success' : 'Skipped',
        sourceNodeRuns: [num * 100 + 1],
        start: T0 + num * 3_600_000 + 62_000,
        stages: [
          {
            name: 'Deploy',
            status: 'Success',
            jobs: [{ id: num * 1000 + 2, name: 'Helm', status: status === 'Success' ? 'Success' : 'Skipped' }],
          },
        ],
      },
    ],
  };
}

export function sampleProjects(): FxProject[] {
  return [
    {
      key: 'TEAM',
      name: 'Team',
      workflows: [
        {
          name: 'app-ci',
          repo: 'team/app',
          runs: [finishedRun(1, 'main', SHA_MAIN), finishedRun(2, 'feature/login', SHA_FEATURE, 'Fail'), finishedRun(3, 'main', SHA_MAIN)],
        },
        { name: 'other-ci', repo: 'team/other', runs: [finishedRun(1, 'main', SHA_MAIN)] },
      ],
    },
  ];
}

export function startServer(options: DocServerOptions = {}): Promise<CdsDocServer> {
  return CdsDocServer.start({ signinTokens: [SIGNIN_TOKEN], projects: sampleProjects(), ...options });
}

export function sourceOn(server: CdsDocServer, options: Partial<CdsSourceOptions> = {}): CdsBuildSource {
  return new CdsBuildSource({
    http: new HttpClient({ maxRetries: 0 }),
    base: cdsBase(server.base),
    signinToken: SIGNIN_TOKEN,
    repo: REPO,
    headBranch: () => 'feature/login',
    defaultBranch: () => 'main',
    ...options,
  });
}
