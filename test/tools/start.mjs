// `npm start`: builds the extension and opens it in a real VS Code (the code-server host) on a demo workspace:
// a git repository with history, tags, a merged branch and five weeks of deploys and incidents in its journal,
// created in .demo-workspace/ on first start; and the demo's monitoring on real local services (a Prometheus firing
// alerts about the demo code into an Alertmanager the extension is connected to; see demo-monitoring.mjs).
// Prints the URL to open in a browser and what runs; Ctrl-C stops everything.
// Env: PORT=8080 to choose the port (default: a free one); DEMO_WORKSPACE=/path to open another folder;
// DEMO_MONITORING=0 to start no Prometheus / Alertmanager.
import fs from 'node:fs';
import path from 'node:path';
import { startDemoMonitoring } from './demo-monitoring.mjs';
import { createDemoWorkspace, seedDemoJournal } from './demo-workspace.mjs';
import { ensureHost, ensureNodeModules, root } from './ensure.mjs';
import { startCodeServer, workbenchUrl } from './host.mjs';
import { installExitHandlers, run } from './proc.mjs';

await ensureNodeModules();
const build = await run(process.execPath, ['test/tools/build.mjs'], { cwd: root, timeoutMs: 5 * 60_000 });
if (build.code !== 0) process.exit(build.code);

const workspace = process.env.DEMO_WORKSPACE ? path.resolve(process.env.DEMO_WORKSPACE) : path.join(root, '.demo-workspace');
if (!fs.existsSync(workspace)) {
  createDemoWorkspace(workspace);
  seedDemoJournal(workspace);
  console.log(`created the demo repository in ${workspace}`);
}
const [, monitoring] = await Promise.all([ensureHost(), process.env.DEMO_MONITORING === '0' ? undefined : startDemoMonitoring()]);
const server = await startCodeServer({
  label: 'start',
  userDataDir: path.join(root, '.test-artifacts/start-user-data'),
  port: process.env.PORT,
  // User settings (server URLs are application-scoped): the demo's Alertmanager, polled often.
  settings: monitoring
    ? { 'devops.alertmanager.instances': [{ name: 'demo', url: monitoring.alertmanagerUrl }], 'devops.monitor.pollSeconds': 10 }
    : { 'devops.alertmanager.instances': [] },
});
installExitHandlers(() => Promise.all([server.stop(), monitoring?.stop()]));
console.log(`
DevOps Feedback Loop is running in VS Code ${'(code-server)'} on ${server.url}
Open this URL in a browser (the extension under development is loaded from ${root}):

  ${workbenchUrl(server.url, { workspace, extensionPath: root })}

Running for the demo:
  - the demo repository ${workspace} (git; its journal holds deploys to staging, production and canary, a rollback, incidents)
${
  monitoring
    ? `  - Prometheus ${monitoring.prometheusUrl}, firing alerts about src/math.ts and src/retry.ts every 2 s
  - Alertmanager ${monitoring.alertmanagerUrl} (devops.alertmanager.instances: "demo"): the Monitor view and Problems
`
    : '  - no monitoring (DEMO_MONITORING=0)\n'
}  Forges and trackers (GitHub, GitLab) are not started here: Plan, Code and Build say how to connect one.

After changing the code: npm run build (or npm run watch), then "Developer: Reload Window" in that page.
Ctrl-C stops the server${monitoring ? ', Prometheus and Alertmanager' : ''}. Server log: ${server.logFile}
`);
const code = await server.exited;
process.exit(code);
