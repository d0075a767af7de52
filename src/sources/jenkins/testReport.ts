/**
 * A run's JUnit report (`testReport/api/json`, the JUnit plugin's TestResult → SuiteResult → CaseResult)
 * under the run in the Build view: a "Tests" row with the counts, then the failed cases (longest failing
 * first: `age` is how many builds a case has been failing) and the skipped ones. Each failed case whose
 * stack trace or class names a file of the repository becomes a finding on that line of the commit the
 * run built, with the failure's message and trace.
 *
 * Where a failure is: the first frame of its stack trace that is inside the repository. Frames name
 * files as the build saw them: absolute paths in the agent's workspace (`/var/jenkins/workspace/app_main/
 * src/a.test.ts:10:5`, cut after the workspace folder), paths relative to it, or Java frames
 * (`at com.acme.CartTest.total(CartTest.java:42)`, whose package gives `com/acme/CartTest.java`). The
 * VS Code layer may inject `resolvePath` (the shared path mapping of the workspace) to land such paths
 * on a repository file; without it a relative path is taken as repository-relative.
 */
import { findingSignal } from '../../core/finding';
import { signalId, type Signal } from '../../core/signal';
import { MAX_TITLE_CHARS } from './mapping';
import type { JkCase, JkTestReport } from './types';

/** The report's tree: only what the mapping reads (CaseResult's exported properties). */
export const TEST_REPORT_TREE =
  'failCount,passCount,skipCount,suites[name,cases[className,name,status,age,duration,errorDetails,errorStackTrace,skipped]]';

const FAILED = new Set(['FAILED', 'REGRESSION']);
const SKIPPED = new Set(['SKIPPED']);
const MAX_CASES = 200;
const MAX_TRACE_CHARS = 4000;
/** `path:line` in a trace line: `at fn (src/a.ts:10:5)`, `spec/a_spec.rb:42:in`, `File "x.py", line 7`. */
const FRAME = /(?:^|[\s('"])((?:[A-Za-z]:)?[^\s()'":]+\.[A-Za-z0-9]+)(?::(\d+)|", line (\d+))/gm;
/** A Java (or Kotlin, Scala) frame: `at pkg.Class.method(Class.java:42)`. */
const JAVA_FRAME = /\bat ([\w$.]+)\.[\w$<>]+\(([\w$]+\.(?:java|kt|scala|groovy)):(\d+)\)/g;
const VENDORED = /(^|\/)(node_modules|vendor|site-packages|\.bundle|gems)\//;

export interface TestReportContext {
  sourceId: string;
  repo: string;
  /** A frame's path → a repository-relative path (the workspace's path mapping); undefined when it is no repository file. */
  resolvePath?: (path: string) => string | undefined;
}

export interface TestRun {
  /** The run's signal (parent of the tests row). */
  run: Signal;
  /** The commit it built; no findings without one. */
  sha?: string;
  branch?: string;
}

export function mapTestReport(report: JkTestReport, target: TestRun, ctx: TestReportContext): Signal[] {
  const cases: Array<{ suite: string; test: JkCase; index: number }> = [];
  for (const suite of report.suites ?? []) {
    for (const test of suite?.cases ?? []) {
      if (test && (FAILED.has(String(test.status)) || SKIPPED.has(String(test.status)) || test.skipped === true))
        cases.push({ suite: String(suite.name ?? ''), test, index: cases.length });
    }
  }
  const failed = (c: JkCase) => FAILED.has(String(c.status));
  cases.sort((a, b) => Number(failed(b.test)) - Number(failed(a.test)) || (b.test.age ?? 0) - (a.test.age ?? 0) || a.index - b.index);
  const failCount = num(report.failCount);
  const skipCount = num(report.skipCount);
  const passCount = num(report.passCount);
  const run = target.run;
  const groupId = signalId(run.source, 'job', `${run.id}/tests`);
  const at = run.updatedAt + 1;
  const group: Signal = {
    id: groupId,
    source: run.source,
    kind: 'job',
    title: 'Tests',
    state: failCount > 0 ? { normal: 'failed', native: 'FAILED' } : { normal: 'success', native: 'PASSED' },
    createdAt: at,
    updatedAt: at,
    labels: failCount > 0 ? ['failed'] : ['success'],
    tags: ['tests'],
    anchors: { ...run.anchors },
    parentId: run.id,
    ...(run.url ? { url: `${run.url}testReport/` } : {}),
    detail: { tests: { failCount, skipCount, passCount }, description: counts(failCount, skipCount, passCount) },
  };
  const out: Signal[] = [group];
  for (const [order, { suite, test }] of cases.slice(0, MAX_CASES).entries()) {
    const isFailed = failed(test);
    const name = `${test.className ? `${test.className}.` : ''}${test.name ?? '?'}`;
    const age = typeof test.age === 'number' && test.age > 0 ? test.age : undefined;
    out.push({
      id: signalId(run.source, 'job', `${run.id}/tests/${order}`),
      source: run.source,
      kind: 'job',
      title: name.slice(0, MAX_TITLE_CHARS),
      state: isFailed ? { normal: 'failed', native: String(test.status) } : { normal: 'skipped', native: 'SKIPPED' },
      createdAt: at + order,
      updatedAt: at + order,
      labels: [isFailed ? 'failed' : 'skipped'],
      tags: ['test', ...(suite ? [`suite:${suite}`] : [])],
      anchors: { ...run.anchors },
      parentId: groupId,
      detail: {
        test: true,
        ...(age ? { age, description: `failing for ${age} ${age === 1 ? 'build' : 'builds'}` } : {}),
        ...(typeof test.errorDetails === 'string' ? { errorDetails: test.errorDetails.slice(0, MAX_TRACE_CHARS) } : {}),
      },
    });
  }
  if (target.sha) out.push(...findings(cases, target, ctx));
  return out;
}

function findings(cases: ReadonlyArray<{ suite: string; test: JkCase }>, target: TestRun, ctx: TestReportContext): Signal[] {
  const out: Signal[] = [];
  const run = target.run;
  for (const [index, { suite, test }] of cases.entries()) {
    if (!FAILED.has(String(test.status))) continue;
    const place = placeOf(test, ctx.resolvePath);
    if (!place) continue;
    const details = typeof test.errorDetails === 'string' ? test.errorDetails.trim() : '';
    const trace = typeof test.errorStackTrace === 'string' ? test.errorStackTrace.trim() : '';
    const name = `${test.className ? `${test.className}.` : ''}${test.name ?? '?'}`;
    out.push(
      findingSignal({
        source: ctx.sourceId,
        nativeId: `${run.id}/tests/${index}`,
        tool: suite || 'tests',
        severity: 'error',
        message: `${name} failed${details ? `: ${details}` : ''}${trace ? `\n\n${trace.slice(0, MAX_TRACE_CHARS)}` : ''}`,
        title: `${name} failed`,
        path: place.path,
        line: place.line,
        commit: target.sha as string,
        origin: run.id,
        repo: ctx.repo,
        ...(target.branch ? { branch: target.branch } : {}),
        ...(run.url ? { url: `${run.url}testReport/` } : {}),
        parentId: run.id,
        createdAt: run.updatedAt,
      }),
    );
  }
  return out;
}

/** The repository file and line a failed test points at, or undefined when nothing names one. */
export function placeOf(test: JkCase, resolvePath?: (path: string) => string | undefined): { path: string; line: number } | undefined {
  const trace = typeof test.errorStackTrace === 'string' ? test.errorStackTrace : '';
  const frames: Array<{ path: string; line: number }> = [];
  // A Java frame names the file by its package; only the workspace's path mapping can tell where it lives.
  for (const m of resolvePath ? trace.matchAll(JAVA_FRAME) : []) {
    const pkg = m[1].split('.').slice(0, -1);
    frames.push({ path: [...pkg, m[2]].join('/'), line: Number(m[3]) });
  }
  for (const m of trace.matchAll(FRAME)) frames.push({ path: m[1], line: Number(m[2] ?? m[3]) });
  for (const frame of frames) {
    if (!(frame.line >= 1)) continue;
    const path = inRepository(frame.path, resolvePath);
    if (path) return { path, line: frame.line };
  }
  return undefined;
}

/** A frame's path as a repository-relative path, or undefined for one outside (a library, the runtime). */
function inRepository(raw: string, resolvePath?: (path: string) => string | undefined): string | undefined {
  let path = raw.replace(/\\/g, '/').replace(/^file:\/\//, '');
  // An agent's workspace: `…/workspace/<job folder>/rest` (the folder may carry `@2`, `@tmp`).
  const workspace = /(?:^|\/)workspace\/[^/]+\/(.+)$/.exec(path);
  if (workspace) path = workspace[1];
  if (VENDORED.test(path)) return undefined;
  if (resolvePath) return resolvePath(path);
  path = path.replace(/^\.\//, '');
  if (path.startsWith('/') || /^[A-Za-z]:\//.test(path) || path.split('/').includes('..') || !path.includes('/')) return undefined;
  return path;
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function counts(failed: number, skipped: number, passed: number): string {
  const parts = [`${failed} failed`];
  if (skipped) parts.push(`${skipped} skipped`);
  parts.push(`${passed} passed`);
  return parts.join(', ');
}
