// Builds the two bundles (extension for Node/CommonJS with `vscode` external, and the webview page).
// Usage: node test/tools/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: true,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
};

const extension = {
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // axios ships a browser and a node build; the extension host is Node.
  mainFields: ['module', 'main'],
  // No multipart bodies are ever sent: axios' form-data support (and its MIME tables) stays out (src/http/noFormData.ts).
  alias: { 'form-data': './src/http/noFormData.ts' },
};

const page = {
  ...common,
  entryPoints: ['webview/main.ts'],
  outfile: 'dist/webview.js',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  // Library stylesheets (uPlot's) are bundled as text and adopted as constructable stylesheets.
  loader: { '.css': 'text' },
};

if (watch) {
  const contexts = await Promise.all([esbuild.context(extension), esbuild.context(page)]);
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching src/ and webview/');
} else {
  await Promise.all([esbuild.build(extension), esbuild.build(page)]);
}
