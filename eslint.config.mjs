import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './test/tools/eslint-layers.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));

const noFocusedTests = [
  { selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|describe|test)$/]", message: 'No focused tests.' },
  { selector: "CallExpression[callee.property.name='skip'][callee.object.name=/^(it|describe|test)$/]", message: 'No skipped tests.' },
];

// Where VS Code renders markup in strings, remote text must go through core/plainText: one notifier, one prompter,
// one command wrapper (which shows failures through the notifier).
const oneWayToTheUi = [
  {
    selector: "MemberExpression[object.property.name='window'][property.name=/^show(Error|Warning|Information)Message$/]",
    message: 'Notify through src/vscode/notify.ts (remote text becomes plain text there).',
  },
  {
    selector: "MemberExpression[object.property.name='window'][property.name=/^show(QuickPick|InputBox)$/]",
    message: 'Ask through the Prompter (src/vscode/prompter.ts).',
  },
  {
    selector: "MemberExpression[object.property.name='commands'][property.name='registerCommand']",
    message: 'Register commands with registerGuardedCommand (src/vscode/guardedCommand.ts).',
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.test-artifacts/**', '.demo-workspace/**', 'test/host/**/node_modules/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': ['error', ...noFocusedTests],
    },
  },
  {
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/allowed-imports': ['error', { root }] },
  },
  {
    files: ['src/vscode/**', 'src/extension.ts'],
    ignores: ['src/vscode/notify.ts', 'src/vscode/prompter.ts'],
    rules: { 'no-restricted-syntax': ['error', ...noFocusedTests, ...oneWayToTheUi] },
  },
  { files: ['**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } } },
);
