/** The Node-side benches, in one process (run with --expose-gc so heap numbers are after a full GC). */
import { argocdBench } from './argocd.bench';
import { cdsBench } from './cds.bench';
import { doraBench } from './dora.bench';
import { blameBench, editorBench } from './editor.bench';
import { findingsBench } from './findings.bench';
import { githubBench } from './github.bench';
import { gitlabBench } from './gitlab.bench';
import { hubBench } from './hub.bench';
import { jenkinsBench } from './jenkins.bench';
import { logsBench } from './logs.bench';
import { jiraBench } from './jira.bench';
import { combinedIngestBench } from './ingest.bench';
import { printRows } from './measure';
import { monitorBench } from './monitor.bench';
import { tatBench } from './tat.bench';

async function main(): Promise<void> {
  printRows([
    ...combinedIngestBench(),
    ...hubBench(),
    ...editorBench(),
    ...(await blameBench()),
    ...(await findingsBench()),
    ...(await githubBench()),
    ...(await gitlabBench()),
    ...(await jenkinsBench()),
    ...(await cdsBench()),
    ...(await jiraBench()),
    ...monitorBench(),
    ...logsBench(),
    ...(await doraBench()),
    ...argocdBench(),
    ...(await tatBench()),
  ]);
}

void main();
