// Bundles the integration tests for the extension host: out/test/index.js (the `extensionTestsPath` module) and
// one out/test/<name>.test.js per test/integration/**/<name>.test.ts, listed in out/test/tests.json. `vscode` and `mocha` stay external: the host
// provides the first, the project's node_modules the second (so `describe`/`it` are mocha's globals).
// Usage: node test/tools/build-tests.mjs  (INTEGRATION_ONLY=word,word to bundle only some suites)
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sourceDir = path.join(root, 'test/integration');
export const outDir = path.join(root, 'out/test');

// `INTEGRATION_ONLY=jira,views` keeps the suites whose path contains one of those words: a quick local run of the
// suites one works on. CI never sets it.
function selected(file) {
  const only = (process.env.INTEGRATION_ONLY ?? '').split(',').filter(Boolean);
  return only.length === 0 || only.some((word) => file.includes(word));
}

export async function buildIntegrationTests() {
  const tests = fs
    .readdirSync(sourceDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .filter(selected)
    .map((file) => path.join(sourceDir, file));
  // Built into a fresh folder, then swapped in: no stale bundle of a deleted test survives, and a test run that is
  // loading out/test meanwhile (another terminal) sees the old or the new set, not a half-written one.
  const staging = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  await esbuild
    .build({
      entryPoints: [path.join(sourceDir, 'index.ts'), ...tests],
      outbase: sourceDir,
      outdir: staging,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode', 'mocha'],
      mainFields: ['module', 'main'],
      sourcemap: 'inline', // Stack traces of failing tests point into the TypeScript sources.
      absWorkingDir: root,
      logLevel: 'warning',
    })
    .catch((error) => {
      fs.rmSync(staging, { recursive: true, force: true });
      throw error;
    });
  // index.js runs exactly these (out/ may also hold other compilers' output).
  // Suites under restricted/ run only in an untrusted workspace (Restricted Mode), the others only in a trusted one.
  const bundles = tests.map((file) => path.relative(sourceDir, file).replace(/\.ts$/, '.js').split(path.sep).join('/')).sort();
  const restricted = bundles.filter((file) => file.startsWith('restricted/'));
  fs.writeFileSync(
    path.join(staging, 'tests.json'),
    `${JSON.stringify(
      bundles.filter((f) => !restricted.includes(f)),
      null,
      2,
    )}\n`,
  );
  fs.writeFileSync(path.join(staging, 'tests-restricted.json'), `${JSON.stringify(restricted, null, 2)}\n`);
  const old = `${outDir}.old-${process.pid}`;
  if (fs.existsSync(outDir)) fs.renameSync(outDir, old);
  fs.renameSync(staging, outDir);
  fs.rmSync(old, { recursive: true, force: true });
  return { outDir, tests: tests.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { tests } = await buildIntegrationTests();
  console.log(`integration tests bundled: index + ${tests} test file(s) in ${path.relative(root, outDir)}/`);
}
