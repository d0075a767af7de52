/**
 * From workspace paths to the repository paths the editor controllers look up, with Sentry's
 * documented event shape (test/fixtures/sentry) and Alertmanager's alert shape, and a workspace
 * whose `services/api` folder is a nested git repository.
 */
import assert from 'node:assert/strict';
import { WorkspaceFileIndex, mapFrameToWorkspace } from '../../../src/core/codeMapping';
import { computeLineFeedback } from '../../../src/core/lineFeedback';
import { frameContextAt, problemFor } from '../../../src/core/monitorProblems';
import type { Signal } from '../../../src/core/signal';
import { mapAlerts } from '../../../src/sources/alertmanager/mapping';
import {
  mapIssue,
  mapStackFrame,
  parseIssue,
  summarizeEvent,
  type MappedFrame,
  type SentryIssue,
} from '../../../src/sources/sentry/mapping';
import { alertDetails, alertmanagerDetailsContributor } from '../../../src/vscode/alertmanager/details';
import { issueDetails } from '../../../src/vscode/sentry/details';
import { relocateSignal, type Located } from '../../../src/core/relocate';
import { fixture } from '../../fixtures/sentry/server';
import type { DetailsRow, DetailsSection } from '../../../src/core/details/protocol';
import { SignalHub } from '../../../src/core/hub';

const NOW = Date.UTC(2026, 10, 22);
const FILES = [
  'services/api/src/app/handler.ts',
  'services/api/src/app/router.ts',
  'services/api/src/lib/user.ts',
  'tools/deploy.sh',
  'README.md',
];
const INDEX = new WorkspaceFileIndex(FILES);

/** `services/api` is its own repository inside the workspace repository `/ws`. */
function locate(workspacePath: string): Located | undefined {
  if (!FILES.includes(workspacePath)) return undefined;
  return workspacePath.startsWith('services/api/')
    ? { repo: '/ws/services/api', path: workspacePath.slice('services/api/'.length) }
    : { repo: '/ws', path: workspacePath };
}

function sentryIssue(): Signal {
  const issue = (JSON.parse(fixture('issues.json')) as unknown[])
    .map(parseIssue)
    .find((i): i is SentryIssue => typeof i !== 'string' && i.id === '1001')!;
  const event = summarizeEvent(JSON.parse(fixture('event-1001.json')));
  return mapIssue(issue, event, { source: 'sentry:acme', now: NOW, mapFrame: (frame) => mapStackFrame(frame, INDEX) });
}

function rowsOf(sections: DetailsSection[] | undefined, title: RegExp): DetailsRow[] {
  const section = sections?.find((s) => title.test(s.title));
  assert.ok(section && 'rows' in section, `a section ${title}`);
  return section.rows;
}

describe('relocating Monitor signals to repository paths', () => {
  it('rewrites Sentry anchors and frames relative to the nested repository, where the editor finds them', () => {
    const before = sentryIssue();
    assert.deepEqual(
      before.anchors.files?.map((f) => f.path),
      ['services/api/src/lib/user.ts', 'services/api/src/app/handler.ts', 'services/api/src/app/router.ts'],
    );
    const signal = relocateSignal(before, locate);
    assert.equal(signal.anchors.repo, '/ws/services/api');
    assert.deepEqual(signal.anchors.files, [
      { path: 'src/lib/user.ts', line: 7 },
      { path: 'src/app/handler.ts', line: 42 },
      { path: 'src/app/router.ts', line: 31 },
    ]);
    assert.notEqual(signal, before, "a new signal; the source's own objects are untouched");
    assert.equal(before.anchors.repo, undefined);

    // Problems: repo + path is the file; the editor: the nested repository's relative path matches.
    assert.deepEqual([problemFor(signal)?.path, problemFor(signal)?.line, problemFor(signal)?.severity], ['src/lib/user.ts', 7, 'warning']);
    const feedback = computeLineFeedback({
      path: 'src/lib/user.ts',
      repo: '/ws/services/api',
      lineCount: 20,
      hunks: [],
      statusByCommit: new Map(),
      signals: [signal],
      now: NOW,
    });
    assert.deepEqual(
      feedback.marks.map((m) => [m.signalId, m.startLine, m.open]),
      [[signal.id, 7, true]],
    );
    const wrongRepo = computeLineFeedback({
      path: 'src/lib/user.ts',
      repo: '/ws',
      lineCount: 20,
      hunks: [],
      statusByCommit: new Map(),
      signals: [signal],
      now: NOW,
    });
    assert.deepEqual(wrongRepo.marks, [], "the outer repository does not claim the nested one's file");

    // The hover's frame context, looked up with the same repository path.
    assert.deepEqual(frameContextAt(signal, 'src/lib/user.ts', 7), {
      function: 'getUserId',
      lines: [
        [6, 'export function getUserId(user: User) {'],
        [7, '  return user.profile.id;'],
        [8, '}'],
      ],
    });
    assert.equal(frameContextAt(signal, 'src/lib/user.ts', 8), undefined);
    assert.equal(frameContextAt(before, 'src/lib/user.ts', 7), undefined, 'workspace paths are not repository paths');
  });

  it('lists every frame in the details: links for mapped ones, the reason for the others', () => {
    const signal = relocateSignal(sentryIssue(), locate);
    const details = issueDetails(signal);
    const frames = rowsOf(details?.sections, /^Stack trace/);
    assert.equal(frames.length, (signal.detail?.frames as MappedFrame[]).length, 'no frame is dropped');
    assert.deepEqual(frames[0], {
      label: 'getUserId',
      value: 'app:///src/lib/user.ts:7 → src/lib/user.ts:7',
      file: { repo: '/ws/services/api', path: 'src/lib/user.ts', line: 7 },
    });
    const library = frames.find((f) => f.label.startsWith('(library) Layer.handle'))!;
    assert.match(library.value, /layer.js:95 — not in the workspace: no workspace file named layer.js/);
    assert.equal(library.file, undefined);
    const node = frames.find((f) => f.label === '(library) processTicksAndRejections')!;
    assert.match(node.value, /not in the workspace/);
    assert.deepEqual(rowsOf(details?.sections, /^Issue$/).slice(0, 3), [
      { label: 'Level', value: 'error' },
      { label: 'Events', value: '1,523' },
      { label: 'Users', value: '87' },
    ]);
    assert.deepEqual(
      rowsOf(details?.sections, /^Tags/).find((r) => r.label === 'release'),
      { label: 'release', value: 'api@2.4.1' },
    );
    const source = details?.sections?.find((s) => s.title.startsWith('Source around'));
    assert.ok(source && 'code' in source && source.code.includes('    7 >   return user.profile.id;'));
  });

  it("keeps an alert's files of another repository in the details instead of dropping them", () => {
    const { signals } = mapAlerts(
      [
        {
          fingerprint: 'f1',
          labels: { alertname: 'Deploy', service: 'api', severity: 'critical' },
          annotations: { description: 'see services/api/src/app/handler.ts:42 and tools/deploy.sh:3 and src/missing.ts:1' },
          status: { state: 'active', silencedBy: [], inhibitedBy: [] },
        },
      ],
      {
        source: 'alertmanager:prod',
        instance: 'prod',
        now: NOW,
        resolveFile: (reference) => {
          const m = mapFrameToWorkspace(reference, INDEX);
          return m.status === 'mapped' ? { path: m.path, line: reference.line } : undefined;
        },
      },
    );
    const alert = relocateSignal(signals[0], locate);
    assert.equal(alert.anchors.repo, '/ws/services/api');
    assert.deepEqual(alert.anchors.files, [{ path: 'src/app/handler.ts', line: 42 }]);
    assert.deepEqual(alert.detail?.filesElsewhere, [{ path: 'tools/deploy.sh', line: 3, repo: '/ws' }]);

    const mapper = (reference: { path: string; line: number }) => {
      const mapping = mapFrameToWorkspace(reference, INDEX);
      return { mapping, located: mapping.status === 'mapped' ? locate(mapping.path) : undefined };
    };
    const details = alertDetails(alert, mapper);
    assert.deepEqual(rowsOf(details?.sections, /^Code named/), [
      {
        label: 'services/api/src/app/handler.ts:42',
        value: 'src/app/handler.ts:42',
        file: { repo: '/ws/services/api', path: 'src/app/handler.ts', line: 42 },
      },
      { label: 'tools/deploy.sh:3', value: 'tools/deploy.sh:3', file: { repo: '/ws', path: 'tools/deploy.sh', line: 3 } },
      { label: 'src/missing.ts:1', value: 'not in the workspace: no workspace file named missing.ts' },
    ]);
    assert.deepEqual(
      details?.actions?.map((a) => a.id),
      ['devops.silenceAlert'],
    );
    assert.deepEqual(
      rowsOf(details?.sections, /^Labels$/).map((r) => r.label),
      ['alertname', 'service', 'severity'],
    );
  });

  it('offers Expire Silence and Open Generator URL on a silenced alert, and nothing for other sources', async () => {
    const { signals } = mapAlerts(
      [
        {
          fingerprint: 'f2',
          labels: { alertname: 'X' },
          generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
          status: { state: 'suppressed', silencedBy: ['s-1'], inhibitedBy: [] },
        },
      ],
      { source: 'alertmanager:prod', instance: 'prod', now: NOW },
    );
    const contribute = alertmanagerDetailsContributor();
    const hub = new SignalHub();
    const details = await contribute(signals[0], hub);
    assert.deepEqual(
      details?.actions?.map((a) => a.id),
      ['devops.expireSilence', 'devops.openGeneratorUrl'],
    );
    assert.equal(await contribute({ ...signals[0], source: 'git:/ws' }, hub), undefined);
    assert.equal(relocateSignal(signals[0], locate), signals[0], 'a signal without files is passed through as is');
  });
});
