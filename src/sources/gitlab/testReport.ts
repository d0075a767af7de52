/**
 * A pipeline's unit test report (`GET /projects/:id/pipelines/:pipeline_id/test_report`): its failed
 * test cases as findings about the pipeline's commit, the suite's name as their tool.
 *
 * Where a failure is: GitLab's documentation shows a test case with `status`, `name`, `classname`,
 * `execution_time`, `system_output` and `stack_trace` (GitLab 17.8 pages). The JUnit `file` attribute
 * GitLab also reads is used when an answer carries it; otherwise the first frame of the stack trace
 * that is inside the project (a path relative to it, or under the CI checkout `…/<group>/<project>/`)
 * names the file and the line.
 */
import { findingSignal } from '../../core/finding';
import type { Signal } from '../../core/signal';
import type { MappingContext } from './mapping';

export interface GlTestCase {
  status: string;
  name: string;
  classname?: string | null;
  /** Not in the documented example; GitLab sends the JUnit `file` attribute when the report had one. */
  file?: string | null;
  execution_time?: number | null;
  system_output?: string | null;
  stack_trace?: string | null;
}

export interface GlTestSuite {
  name: string;
  failed_count?: number;
  error_count?: number;
  test_cases?: GlTestCase[];
}

export interface GlTestReport {
  total_count?: number;
  failed_count?: number;
  error_count?: number;
  test_suites?: GlTestSuite[];
}

const FAILED = new Set(['failed', 'error']);
/** `path:line` in a stack trace line: `at fn (src/a.ts:10:5)`, `spec/a_spec.rb:42:in 'block'`, `File "x.py", line 7`. */
const FRAME = /(?:^|[\s('"])((?:[A-Za-z]:)?[^\s()'":]+\.[A-Za-z0-9]+)(?::(\d+)|", line (\d+))/gm;
const VENDORED = /(^|\/)(node_modules|vendor|site-packages|\.bundle|gems)\//;

export function mapTestReport(
  report: GlTestReport,
  pipeline: { id: number; sha: string; ref?: string; web_url?: string },
  ctx: MappingContext,
): Signal[] {
  const signals: Signal[] = [];
  for (const suite of report.test_suites ?? []) {
    for (const [index, test] of (suite.test_cases ?? []).entries()) {
      if (!FAILED.has(test.status)) continue;
      const place = placeOf(test, ctx.project.path);
      if (!place) continue;
      const trace = typeof test.stack_trace === 'string' ? test.stack_trace.trim() : '';
      signals.push(
        findingSignal({
          source: ctx.sourceId,
          nativeId: `${pipeline.id}/${suite.name}/${index}`,
          tool: suite.name || 'tests',
          severity: 'error',
          message: `${test.classname ? `${test.classname}: ` : ''}${test.name} ${test.status}${trace ? `\n\n${trace.slice(0, 4000)}` : ''}`,
          title: `${test.name} ${test.status}`,
          path: place.path,
          line: place.line,
          commit: pipeline.sha,
          origin: String(pipeline.id),
          repo: ctx.project.identity,
          branch: pipeline.ref,
          url: pipeline.web_url ? `${pipeline.web_url}/test_report` : undefined,
          createdAt: 0,
          detail: { pipelineId: pipeline.id, suite: suite.name },
        }),
      );
    }
  }
  return signals;
}

/** The project file and line a failed test points at, or undefined when nothing names one. */
export function placeOf(test: GlTestCase, projectPath: string): { path: string; line: number } | undefined {
  const frames = [...(test.stack_trace ?? '').matchAll(FRAME)].map((m) => ({ path: m[1], line: Number(m[2] ?? m[3]) }));
  const file = typeof test.file === 'string' ? inProject(test.file, projectPath) : undefined;
  if (file) return { path: file, line: frames.find((f) => inProject(f.path, projectPath) === file)?.line ?? 1 };
  for (const frame of frames) {
    const path = inProject(frame.path, projectPath);
    if (path && frame.line >= 1) return { path, line: frame.line };
  }
  return undefined;
}

/** A path relative to the project's root, or undefined for one outside it (a library, the runtime). */
function inProject(raw: string, projectPath: string): string | undefined {
  let path = raw.replace(/\\/g, '/').replace(/^\.\//, '');
  const marker = `/${projectPath}/`;
  const at = path.indexOf(marker);
  if (at >= 0) path = path.slice(at + marker.length);
  else if (path.startsWith('/') || /^[A-Za-z]:\//.test(path)) return undefined;
  if (path === '' || path.split('/').includes('..') || VENDORED.test(path)) return undefined;
  return path;
}
