import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'Pure modules (core, http, sources) never import vscode; see DESIGN.md.' }],
  }],
};

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
  { selector: "MemberExpression[object.property.name='window'][property.name=/^show(QuickPick|InputBox)$/]", message: 'Ask through the Prompter (src/vscode/prompter.ts).' },
  { selector: "MemberExpression[object.property.name='commands'][property.name='registerCommand']", message: 'Register commands with registerGuardedCommand (src/vscode/guardedCommand.ts).' },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.test-artifacts/**', '.demo-workspace/**', 'test/host/**/node_modules/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'eqeqeq': ['error', 'always'],
      'no-restricted-syntax': ['error', ...noFocusedTests],
    },
  },
  { files: ['src/core/**', 'src/http/**', 'src/sources/**'], rules: noVscode },
  {
    files: ['src/vscode/**', 'src/extension.ts'],
    ignores: ['src/vscode/notify.ts', 'src/vscode/prompter.ts'],
    rules: { 'no-restricted-syntax': ['error', ...noFocusedTests, ...oneWayToTheUi] },
  },
  { files: ['**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } } },
);
