// Lint: typescript-eslint recommended plus size limits that keep modules small (docs/architecture.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'ui/dist/**', 'node_modules/**', 'bench/node_modules/**', 'bench/work/**', '**/testdata/**', 'coverage/**', 'demo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', fetch: 'readonly', performance: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 90, skipBlankLines: true, skipComments: true }],
      complexity: ['error', 25],
    },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } } },
  {
    // Tests, scripts and benchmarks may print and may hold long tables of cases.
    files: ['**/*.test.ts', 'test/**', 'scripts/**', 'bench/**'],
    rules: { 'no-console': 'off', 'max-lines': 'off', 'max-lines-per-function': 'off', complexity: 'off' },
  },
  {
    // The web UI runs in the browser (ui/tsconfig.json: DOM lib); no console use there either.
    files: ['ui/**'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', history: 'readonly', location: 'readonly', fetch: 'readonly', FormData: 'readonly', URLSearchParams: 'readonly', Event: 'readonly', HTMLElement: 'readonly', HTMLFormElement: 'readonly', HTMLAnchorElement: 'readonly', Node: 'readonly', SVGElement: 'readonly', Text: 'readonly', Element: 'readonly' } },
  },
  {
    // Entry points are the only code that prints.
    files: ['src/cli/**', 'src/server/**'],
    rules: { 'no-console': 'off' },
  },
);
