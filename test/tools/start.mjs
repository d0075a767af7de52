// `npm start`: builds the extension and opens it in a real VS Code (the code-server host) on a demo workspace:
// a git repository with history, tags and a merged branch, created in .demo-workspace/ on first start.
// Prints the URL to open in a browser; Ctrl-C stops everything.
// Env: PORT=8080 to choose the port (default: a free one); DEMO_WORKSPACE=/path to open another folder.
import fs from 'node:fs';
import path from 'node:path';
import { createDemoWorkspace } from './demo-workspace.mjs';
import { ensureHost, ensureNodeModules, root } from './ensure.mjs';
import { startCodeServer, workbenchUrl } from './host.mjs';
import { installExitHandlers, run } from './proc.mjs';

await ensureNodeModules();
const build = await run(process.execPath, ['test/tools/build.mjs'], { cwd: root, timeoutMs: 5 * 60_000 });
if (build.code !== 0) process.exit(build.code);

const workspace = process.env.DEMO_WORKSPACE ? path.resolve(process.env.DEMO_WORKSPACE) : path.join(root, '.demo-workspace');
if (!fs.existsSync(workspace)) {
  createDemoWorkspace(workspace);
  console.log(`created the demo repository in ${workspace}`);
}
await ensureHost();
const server = await startCodeServer({
  label: 'start',
  userDataDir: path.join(root, '.test-artifacts/start-user-data'),
  port: process.env.PORT,
});
installExitHandlers(() => server.stop());
console.log(`
DevOps Feedback Loop is running in VS Code ${'(code-server)'} on ${server.url}
Open this URL in a browser (the extension under development is loaded from ${root}):

  ${workbenchUrl(server.url, { workspace, extensionPath: root })}

After changing the code: npm run build (or npm run watch), then "Developer: Reload Window" in that page.
Ctrl-C stops the server. Server log: ${server.logFile}
`);
const code = await server.exited;
process.exit(code);
