// Bundles the integration tests for the extension host: out/test/index.js (the `extensionTestsPath` module) and
// one out/test/<name>.test.js per test/integration/**/<name>.test.ts, listed in out/test/tests.json. `vscode` and `mocha` stay external: the host
// provides the first, the project's node_modules the second (so `describe`/`it` are mocha's globals).
// Usage: node test/tools/build-tests.mjs
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sourceDir = path.join(root, 'test/integration');
export const outDir = path.join(root, 'out/test');

export async function buildIntegrationTests() {
  const tests = fs.readdirSync(sourceDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => path.join(sourceDir, file));
  // Stale bundles of deleted tests would still run: start from an empty folder.
  fs.rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(sourceDir, 'index.ts'), ...tests],
    outbase: sourceDir,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    mainFields: ['module', 'main'],
    sourcemap: 'inline', // Stack traces of failing tests point into the TypeScript sources.
    absWorkingDir: root,
    logLevel: 'warning',
  });
  // index.js runs exactly these (out/ may also hold other compilers' output, e.g. from a `tsc` without --noEmit).
  const bundles = tests.map((file) => path.relative(sourceDir, file).replace(/\.ts$/, '.js').split(path.sep).join('/'));
  fs.writeFileSync(path.join(outDir, 'tests.json'), `${JSON.stringify(bundles.sort(), null, 2)}\n`);
  return { outDir, tests: tests.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { tests } = await buildIntegrationTests();
  console.log(`integration tests bundled: index + ${tests} test file(s) in ${path.relative(root, outDir)}/`);
}
