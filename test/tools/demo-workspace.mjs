// A small, deterministic git repository to open in the test host and in the `npm start` demo: a TypeScript
// project with Conventional Commits (feat/fix/chore, one breaking change), issue references (#12, PROJ-7),
// two release tags, a merged feature branch, and a checked-out work branch.
// Same input, same commit SHAs: authors, dates and config are fixed, and the user's git config is not read.
// Usage from the shell: node test/tools/demo-workspace.mjs <dir>
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const baseTime = Date.parse('2024-03-04T09:00:00Z');
const day = 24 * 3600_000; // One commit a day: lead times and frequencies look like a real team's.

/** The commits on main, in order; `file` contents are whole files. */
const files = {
  'package.json': `${JSON.stringify({ name: 'demo-service', version: '0.0.0', private: true, scripts: { build: 'tsc -p .' } }, null, 2)}\n`,
  'tsconfig.json': `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, rootDir: 'src', outDir: 'out' }, include: ['src'] }, null, 2)}\n`,
  'README.md': '# demo-service\n\nA tiny service used to demonstrate the DevOps Feedback Loop extension.\n',
  '.gitignore': 'node_modules/\nout/\n',
};

/**
 * Creates the repository in `dir` (created if missing; must be empty or absent).
 * @returns {{ dir: string, head: string, branch: string, tags: Record<string, string>, commits: number }}
 */
export function createDemoWorkspace(dir) {
  dir = path.resolve(dir);
  fs.mkdirSync(dir, { recursive: true });
  if (fs.readdirSync(dir).length > 0) throw new Error(`createDemoWorkspace: ${dir} is not empty`);

  let tick = 0;
  const env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Ada Lovelace',
    GIT_AUTHOR_EMAIL: 'ada@example.com',
    GIT_COMMITTER_NAME: 'Ada Lovelace',
    GIT_COMMITTER_EMAIL: 'ada@example.com',
    GIT_TERMINAL_PROMPT: '0',
  };
  const git = (...args) => {
    const date = new Date(baseTime + tick * day).toISOString().replace('.000Z', 'Z');
    return execFileSync(
      'git',
      [
        '-c',
        'core.hooksPath=',
        '-c',
        'core.fsmonitor=',
        '-c',
        'commit.gpgsign=false',
        '-c',
        'tag.gpgsign=false',
        '-c',
        'init.defaultBranch=main',
        '-c',
        'core.autocrlf=false',
        ...args,
      ],
      {
        cwd: dir,
        env: { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 30_000,
      },
    ).trim();
  };
  const write = (file, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  let commits = 0;
  const commit = (message, changes, author) => {
    tick += 1;
    for (const [file, text] of Object.entries(changes)) write(file, text);
    git('add', '-A');
    git('commit', '-q', ...(author ? ['--author', `${author[0]} <${author[1]}>`] : []), '-m', message);
    commits += 1;
  };
  const grace = ['Grace Hopper', 'grace@example.com'];

  git('init', '-q');
  commit('chore: initial project scaffold', files);
  commit('feat(greeting): add greet()', {
    'src/greeting.ts': 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n',
    'src/index.ts': "import { greet } from './greeting';\n\nconsole.log(greet('world'));\n",
  });
  commit(
    'feat(math): add sum and mean helpers',
    {
      'src/math.ts': [
        'export function sum(values: number[]): number {',
        '  return values.reduce((total, value) => total + value, 0);',
        '}',
        '',
        'export function mean(values: number[]): number {',
        '  return sum(values) / values.length;',
        '}',
        '',
      ].join('\n'),
    },
    grace,
  );
  commit('fix(math): mean of an empty list is 0, not NaN\n\nFixes #12', {
    'src/math.ts': [
      'export function sum(values: number[]): number {',
      '  return values.reduce((total, value) => total + value, 0);',
      '}',
      '',
      'export function mean(values: number[]): number {',
      '  return values.length === 0 ? 0 : sum(values) / values.length;',
      '}',
      '',
    ].join('\n'),
  });
  commit('docs: explain how to build', { 'README.md': `${files['README.md']}\n## Build\n\n    npm run build\n` });
  git('tag', '-a', 'v1.0.0', '-m', 'v1.0.0');

  git('checkout', '-q', '-b', 'feature/retry');
  const retry = [
    'export async function retry<T>(task: () => Promise<T>, attempts = 3, delayMs = 100): Promise<T> {',
    '  for (let attempt = 1; ; attempt++) {',
    '    try {',
    '      return await task();',
    '    } catch (error) {',
    '      if (attempt >= attempts) throw error;',
    '      await new Promise((resolve) => setTimeout(resolve, delayMs * 2 ** (attempt - 1)));',
    '    }',
    '  }',
    '}',
    '',
  ];
  commit('feat(retry): add retry() with exponential backoff\n\nRefs PROJ-7', { 'src/retry.ts': retry.join('\n') }, grace);
  commit(
    'fix(retry): cap the backoff delay at 5 s (PROJ-7)',
    {
      'src/retry.ts': retry.join('\n').replace('delayMs * 2 ** (attempt - 1)', 'Math.min(5000, delayMs * 2 ** (attempt - 1))'),
    },
    grace,
  );
  git('checkout', '-q', 'main');
  commit('chore(deps): pin typescript 5.9', {
    'package.json': `${JSON.stringify({ name: 'demo-service', version: '0.0.0', private: true, scripts: { build: 'tsc -p .' }, devDependencies: { typescript: '5.9.3' } }, null, 2)}\n`,
  });
  tick += 1;
  git('merge', '-q', '--no-ff', 'feature/retry', '-m', "Merge branch 'feature/retry'\n\nfeat(retry): retry transient failures (PROJ-7)");
  commits += 1;
  commit('chore(release): 1.1.0', {
    'package.json': fs.readFileSync(path.join(dir, 'package.json'), 'utf8').replace('"0.0.0"', '"1.1.0"'),
  });
  git('tag', '-a', 'v1.1.0', '-m', 'v1.1.0');

  commit('feat!: greet() takes an options object\n\nBREAKING CHANGE: greet(name) is now greet({ name, punctuation }).', {
    'src/greeting.ts': [
      'export interface GreetOptions {',
      '  name: string;',
      '  punctuation?: string;',
      '}',
      '',
      "export function greet({ name, punctuation = '!' }: GreetOptions): string {",
      '  return `Hello, ${name}${punctuation}`;',
      '}',
      '',
    ].join('\n'),
    'src/index.ts': "import { greet } from './greeting';\n\nconsole.log(greet({ name: 'world' }));\n",
  });
  commit(
    'fix(greeting): trim the name before greeting (#12)',
    {
      'src/greeting.ts': fs
        .readFileSync(path.join(dir, 'src/greeting.ts'), 'utf8')
        .replace('${name}${punctuation}', '${name.trim()}${punctuation}'),
    },
    grace,
  );

  git('checkout', '-q', '-b', 'feature/PROJ-7-median');
  commit('feat(math): add median() for PROJ-7', {
    'src/math.ts': `${fs.readFileSync(path.join(dir, 'src/math.ts'), 'utf8')}
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
`,
  });
  commit('chore: note the median helper in the README', {
    'README.md': `${fs.readFileSync(path.join(dir, 'README.md'), 'utf8')}\nHelpers: sum, mean, median.\n`,
  });

  return {
    dir,
    head: git('rev-parse', 'HEAD'),
    branch: git('rev-parse', '--abbrev-ref', 'HEAD'),
    tags: { 'v1.0.0': git('rev-parse', 'v1.0.0^{commit}'), 'v1.1.0': git('rev-parse', 'v1.1.0^{commit}') },
    commits,
  };
}

/**
 * Five weeks of deploys and incidents in the demo repository's journal (git notes, the format of
 * src/sources/git/reports.ts), as a team's `git fetch` of the notes would bring them: each commit of main deployed to
 * staging, then production (one failed, one rolled back), canary for the last ones; incidents after some deploys,
 * resolved, and one still open on the lines of `mean()` in src/math.ts.
 * @param {string} dir
 * @param {{ name: string, email: string }} [reportedBy]
 */
export function seedDemoJournal(dir, reportedBy = { name: 'Grace Hopper', email: 'grace@example.com' }) {
  // The notes commits are made as the reporter: no git identity needs to be configured.
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: reportedBy.name,
    GIT_AUTHOR_EMAIL: reportedBy.email,
    GIT_COMMITTER_NAME: reportedBy.name,
    GIT_COMMITTER_EMAIL: reportedBy.email,
  };
  const git = (...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env }).trim();
  const commits = git('rev-list', '--first-parent', 'main').split('\n').reverse();
  const now = Date.now();
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
  const deploy = (commit, i, environment, at, status) => {
    const id = `demo-${environment}-${i}`;
    add(commit, { type: 'deploy', id, reportedAt: new Date(at).toISOString(), environment, status, version: `v0.${i}` });
    return id;
  };
  commits.forEach((commit, i) => {
    const at = now - (commits.length - i) * 3 * day;
    deploy(commit, i, 'staging', at - 4 * 3600_000, 'success');
    const status = i % 5 === 3 ? 'failed' : i === commits.length - 3 ? 'rolledBack' : 'success';
    const production = deploy(commit, i, 'production', at, status);
    if (i >= commits.length - 2) deploy(commit, i, 'canary', at + 3600_000, 'success');
    if (i % 4 === 2 || status === 'rolledBack') {
      add(commit, {
        type: 'incident',
        id: `demo-incident-${i}`,
        reportedAt: new Date(at + 3600_000).toISOString(),
        severity: status === 'rolledBack' ? 'critical' : 'major',
        summary: status === 'rolledBack' ? `checkout errors after v0.${i}: rolled back` : `errors after v0.${i}`,
        deployId: production,
      });
      add(commit, {
        type: 'incident-resolution',
        id: `demo-resolution-${i}`,
        reportedAt: new Date(at + 5 * 3600_000).toISOString(),
        incidentId: `demo-incident-${i}`,
      });
    }
  });
  // Open: reported on mean() (lines 5-7 of src/math.ts) as the tagged release has it.
  add(git('rev-parse', 'v1.1.0^{commit}'), {
    type: 'incident',
    id: 'demo-incident-open',
    reportedAt: new Date(now - 2 * 3600_000).toISOString(),
    severity: 'critical',
    summary: 'mean() returns NaN for very large inputs',
    file: 'src/math.ts',
    startLine: 5,
    endLine: 7,
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: node test/tools/demo-workspace.mjs <empty-or-new-dir>');
    process.exit(2);
  }
  const result = createDemoWorkspace(target);
  console.log(`demo workspace: ${result.dir} (${result.commits} commits, branch ${result.branch}, HEAD ${result.head})`);
}
