/**
 * The Build view's CDS rows: one group per workflow (`CDS · PROJECT/workflow`), its runs in sections (HEAD's
 * branch, the default branch, others), newest first, each run with its jobs and each job with its steps.
 */
import { runsByBranch, type BranchSections, type TreeNode, type ViewLayout } from '../../core/phaseTree';
import { tagValue, type Signal } from '../../core/signal';

const isCds = (s: Signal) => s.source.startsWith('cds:');

/** `branches` tells, for a source, HEAD's branch and the default branch (the sections' names). */
export function cdsBuildLayout(branches: (sourceId: string) => BranchSections = () => ({})): ViewLayout {
  return {
    claims: (s) => isCds(s) && (s.kind === 'pipelineRun' || s.kind === 'job'),
    build: (signals, h) => {
      const byWorkflow = new Map<string, Signal[]>();
      for (const s of signals) {
        if (s.kind !== 'pipelineRun') continue;
        const key = `${s.source}\n${tagValue(s, 'workflow') ?? '?'}`;
        let list = byWorkflow.get(key);
        if (!list) byWorkflow.set(key, (list = []));
        list.push(s);
      }
      const nodes: TreeNode[] = [];
      for (const [key, runs] of [...byWorkflow].sort(([a], [b]) => a.localeCompare(b))) {
        runs.sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
        const source = key.slice(0, key.indexOf('\n'));
        const workflow = key.slice(key.indexOf('\n') + 1);
        const id = `cds:${key}`;
        const sections = runsByBranch(id, runs, branches(source), h, (r) => h.node(r));
        const children = sections.length === 1 ? sections[0].children : sections;
        nodes.push(h.group(id, `CDS · ${workflow}`, 'cds-workflow', children, String(runs.length)));
      }
      return nodes;
    },
  };
}
