/**
 * The Build view's Jenkins rows: one group per job (`team » app » main`, its branch), its builds newest
 * first, each with its stages in the order they ran and its "Tests" row (failed cases first).
 */
import type { TreeNode, ViewLayout } from '../../core/phaseTree';
import { tagValue, type Signal } from '../../core/signal';

const isJenkins = (s: Signal) => s.source.startsWith('jenkins:');

export function jenkinsBuildLayout(): ViewLayout {
  return {
    claims: (s) => isJenkins(s) && (s.kind === 'pipelineRun' || s.kind === 'job'),
    build: (signals, h) => {
      const byJob = new Map<string, Signal[]>();
      for (const s of signals) {
        if (s.kind !== 'pipelineRun') continue;
        const key = `${s.source}\n${tagValue(s, 'job') ?? '?'}`;
        let list = byJob.get(key);
        if (!list) byJob.set(key, (list = []));
        list.push(s);
      }
      const nodes: TreeNode[] = [];
      for (const [key, runs] of [...byJob].sort(([a], [b]) => a.localeCompare(b))) {
        runs.sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
        const job = key.slice(key.indexOf('\n') + 1);
        const branch = runs[0].anchors.branch;
        const label = `Jenkins · ${job.split('/').join(' » ')}`;
        nodes.push(
          h.group(
            `jenkins:${key}`,
            label,
            'jenkins-job',
            runs.map((r) => h.node(r)),
            branch ? `${branch} · ${runs.length}` : String(runs.length),
          ),
        );
      }
      return nodes;
    },
  };
}
