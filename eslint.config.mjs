import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '*.vsix', 'examples/**/.mlops/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly', AbortController: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', exports: 'writable', performance: 'readonly', AbortSignal: 'readonly', structuredClone: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': 'off',
    },
  },
  {
    // Typed rules: every promise is awaited, returned, or handled (.catch, logRejection); `void` alone is not enough.
    // Scoped to the two long-lived processes: over all of src/ type-aware linting took lint from ~30 s to ~80 s of CPU.
    files: ['src/extension/**/*.ts', 'src/runtime/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['test/vscode-runner/**/*.js', 'examples/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['better-sqlite3', 'onnxruntime-node', 'chokidar'].map((name) => ({ name, message: 'The extension host never loads native modules or watchers; ask the runtime.' })),
        patterns: [{ group: ['**/core/**', '**/runtime/**', '**/cli/**'], message: 'The extension talks to the runtime over HTTP; it never imports core, runtime or CLI code.' }],
      }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/runtime/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/extension may import vscode.' }], patterns: [{ group: ['**/extension/**'], message: 'Only the extension imports extension code.' }] }],
    },
  },
  {
    files: ['webview-ui/**/*.ts'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', getComputedStyle: 'readonly', CSS: 'readonly', MessageEvent: 'readonly' } },
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Webviews talk to the extension by messages only.' }], patterns: [{ group: ['node:*', '**/core/**', '**/runtime/**', '**/extension/**', '**/cli/**'], message: 'Webviews import only browser code and src/shared.' }] }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/shared holds protocol types and pure helpers only.' }], patterns: [{ group: ['node:*', '**/core/**', '**/runtime/**', '**/extension/**', '**/cli/**'], message: 'src/shared imports nothing but other shared files.' }] }],
    },
  },
);
