/**
 * Jira benchmarks: a 2,000-issue active sprint of a board with many sprints through the Plan tree.
 * In memory: the 40 SearchResults pages Jira sends parsed, mapped to signals and grouped by the Jira
 * layout (tree children), against `JSON.parse` alone on the same bytes; end to end: one refresh of the
 * sprint source against the documented server (requests, time; the server validates every answer).
 */
import { buildView, type GroupNode } from '../../src/core/phaseTree';
import { HttpClient } from '../../src/http/client';
import {
  jiraCredential,
  jiraPlanLayout,
  jiraSourceId,
  JiraSprintSource,
  mapIssue,
  parseJiraSite,
  sprintContext,
  type JiraSite,
} from '../../src/sources/jira';
import type { JiraIssueJson } from '../../src/sources/jira';
import { JiraDocServer } from '../fixtures/jira/docServer';
import { sprintData, STORY_POINTS } from '../fixtures/jira/synthetic';
import { BenchRow, time } from './measure';

const ISSUES = 2000;
const SPRINTS = 60;
const PAGE = 50;
const TOKEN = 'ATATT3xFfGF0-bench';

function pages(): string[] {
  const data = sprintData('cloud', ISSUES, SPRINTS - 1);
  const issues = Object.values(data.issues);
  const out: string[] = [];
  for (let at = 0; at < issues.length; at += PAGE)
    out.push(
      JSON.stringify({ expand: 'schema,names', startAt: at, maxResults: PAGE, total: issues.length, issues: issues.slice(at, at + PAGE) }),
    );
  return out;
}

function site(url = 'https://team.atlassian.net'): JiraSite {
  const s = parseJiraSite({ url, kind: 'cloud', email: 'ada@example.com', boards: [1] });
  if (typeof s === 'string') throw new Error(s);
  return s;
}

export async function jiraBench(): Promise<BenchRow[]> {
  const json = pages();
  const bytes = json.reduce((n, p) => n + p.length, 0);
  const s = site();
  const sprint = sprintContext(
    { id: SPRINTS, name: `Sprint ${SPRINTS}`, goal: 'Ship the checkout', endDate: '2026-12-07T17:00:00.000Z' },
    'PROJ board',
  );
  const ctx = { sourceId: jiraSourceId(s), site: s, sprint, estimationField: STORY_POINTS, me: { accountId: '5b10ac8d82e05b22cc7d4ef5' } };
  const layout = jiraPlanLayout({ groupBy: () => 'status', currentBranches: () => ['PROJ-7-fix'] });
  const map = () => json.flatMap((p) => (JSON.parse(p) as { issues: JiraIssueJson[] }).issues.map((i) => mapIssue(i, ctx)!));
  const parseMs = time(() => json.forEach((p) => JSON.parse(p)), 7, 2, true);
  const mapMs = time(map, 7, 2, true);
  const signals = map();
  let roots: GroupNode[] = [];
  const treeMs = time(() => (roots = buildView('plan', { signals, health: [] }, [layout]) as GroupNode[]), 21, 3);
  const grouped = roots[0]?.children.reduce((n, g) => n + (g as GroupNode).children.length, 0) ?? 0;

  const server = await new JiraDocServer({
    kind: 'cloud',
    email: 'ada@example.com',
    token: TOKEN,
    data: sprintData('cloud', ISSUES, SPRINTS - 1),
  }).start();
  let refreshMs = 0;
  let requests = 0;
  try {
    const live = site(server.url);
    const source = new JiraSprintSource({ http: new HttpClient({ maxRetries: 0 }), site: live, credential: jiraCredential(live, TOKEN) });
    const started = performance.now();
    const got = await source.refresh(new AbortController().signal);
    refreshMs = performance.now() - started;
    requests = server.calls().length;
    if (got.length !== ISSUES) throw new Error(`the refresh read ${got.length} issues, not ${ISSUES}`);
    if (server.violations.length) throw new Error(`requests the descriptions do not document: ${server.violations.join('; ')}`);
  } finally {
    await server.stop();
  }
  return [
    {
      name: `Jira: JSON.parse of a ${ISSUES.toLocaleString('en')}-issue sprint (${json.length} pages)`,
      value: `${parseMs.toFixed(1)} ms`,
      target: `${(bytes / 1e6).toFixed(1)} MB`,
    },
    { name: 'Jira: parse + map of the same', value: `${mapMs.toFixed(1)} ms`, target: '≤ 3× JSON.parse', ok: mapMs <= 3 * parseMs },
    {
      name: `Jira: Plan tree children of ${ISSUES.toLocaleString('en')} issues (sprint → status → issue)`,
      value: `${treeMs.toFixed(1)} ms`,
      target: '< 16 ms',
      ok: treeMs < 16 && grouped === ISSUES,
    },
    {
      name: `Jira: one refresh against the documented server (board with ${SPRINTS} sprints)`,
      value: `${refreshMs.toFixed(0)} ms, ${requests} requests`,
      target: `1 user + 1 configuration + 1 sprint list + ${ISSUES / PAGE} pages`,
    },
  ];
}
