/**
 * The Monitor view's grouping of Sentry issues (pure): organization → project → level → issue, with
 * event and user counts; a failing source says so on its row and keeps its issues, stale.
 */
import { severityRank } from '../../core/alertNoise';
import { groupBy } from '../../core/groupBy';
import {
  withHealth,
  type GroupNode,
  type LayoutHelpers,
  type SignalNode,
  type SourceLayoutOptions,
  type ViewLayout,
} from '../../core/phaseTree';
import { Signal, tagValue } from '../../core/signal';

export const SENTRY_PREFIX = 'sentry:';

export function isSentrySignal(signal: Signal): boolean {
  return signal.source.startsWith(SENTRY_PREFIX);
}

export function sentryLayout(options: SourceLayoutOptions): ViewLayout {
  return {
    claims: isSentrySignal,
    build: (signals, helpers) => {
      const bySource = groupBy(signals, (s) => s.source);
      return [...bySource.keys()].sort().map((source) => sentryGroup(source, bySource.get(source)!, helpers, options));
    },
  };
}

function sentryGroup(source: string, issues: Signal[], helpers: LayoutHelpers, options: SourceLayoutOptions): GroupNode {
  const projects = [...groupBy(issues, (i) => tagValue(i, 'project') ?? '(no project)')]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([project, ofProject]) => {
      const levels = [...groupBy(ofProject, (i) => tagValue(i, 'level') ?? 'error')]
        .sort(([a], [b]) => severityRank(b) - severityRank(a) || a.localeCompare(b))
        .map(([level, list]) =>
          helpers.group(
            `${source}/project:${project}/level:${level}`,
            level,
            'severity',
            list.sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id)).map((i) => issueNode(i, helpers)),
            String(list.length),
          ),
        );
      return helpers.group(`${source}/project:${project}`, project, 'project', levels, String(ofProject.length));
    });
  const group = {
    ...helpers.group(source, options.label(source) ?? source, 'sentry', projects, `${issues.length} unresolved`),
    icon: 'bug',
  };
  return withHealth(group, options.health(source));
}

function issueNode(issue: Signal, helpers: LayoutHelpers): SignalNode {
  const node = helpers.node(issue);
  node.description = describeIssue(issue);
  return node;
}

/** `1,523 events · 87 users` (the tree adds when it was last seen). */
export function describeIssue(issue: Signal): string {
  const d = issue.detail ?? {};
  const parts: string[] = [];
  if (typeof d.count === 'number') parts.push(`${d.count.toLocaleString('en-US')} ${d.count === 1 ? 'event' : 'events'}`);
  if (typeof d.userCount === 'number') parts.push(`${d.userCount.toLocaleString('en-US')} ${d.userCount === 1 ? 'user' : 'users'}`);
  return parts.join(' · ') || issue.state.native;
}
