// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

// ---- Import boundaries (issue 17) ----------------------------------------------------------------
// ESLint keeps only the last `no-restricted-imports` setting that matches a file, so each folder's
// patterns are gathered in its one entry of BOUNDARIES: extend an entry's list (or add a folder
// entry, the more specific after the more general) instead of adding a block for the same rule.
// Patterns are regular expressions over the import specifier.

/** The simulator is a separate client of the backend: nothing of the backend may import it. */
const NOT_THE_SIMULATOR = [
  {
    regex: '(^|/)kiosk-simulator(/|$)',
    message: 'The backend never imports the kiosk simulator; code both need lives in libs/kiosk-signals.',
  },
];

/** The simulator reaches the backend over the wire; of our code it shares only models and contracts. */
const SIMULATOR_MESSAGE =
  'The kiosk simulator is a client: of the backend it imports only libs/kiosk-signals and libs/contracts, through their index.';
const NOT_THE_BACKEND = [
  { regex: '^(\\.\\./)+(apps|ml|migrations)(/|$)', message: SIMULATOR_MESSAGE },
  { regex: '^(\\.\\./)+libs/(?!(kiosk-signals|contracts)/src$)', message: SIMULATOR_MESSAGE },
  { regex: '^@app/(?!(kiosk-signals|contracts)$)', message: SIMULATOR_MESSAGE },
  { regex: '^@kiosk-fleet/', message: SIMULATOR_MESSAGE },
];

/** The shared signal models stand alone: pure TypeScript, no framework, nothing else of ours. */
const SIGNALS_MESSAGE =
  'libs/kiosk-signals imports nothing of ours and no framework: the simulator and ml both build on it.';
const NOTHING_OF_OURS = [
  { regex: '^\\.\\./\\.\\.(/|$)', message: SIGNALS_MESSAGE },
  { regex: '^@(app|kiosk-fleet|nestjs)/', message: SIGNALS_MESSAGE },
];

const BOUNDARIES = [
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'ml/**/*.ts', 'migrations/**/*.ts'],
    patterns: NOT_THE_SIMULATOR,
  },
  { files: ['kiosk-simulator/**/*.ts'], patterns: NOT_THE_BACKEND },
  { files: ['libs/kiosk-signals/**/*.ts'], patterns: [...NOT_THE_SIMULATOR, ...NOTHING_OF_OURS] },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'data/**',
      '**/*.js',
      '**/*.mjs',
      // Generated from openapi.json (npm run sdk:generate); its drift is checked by npm run sdk:check.
      'libs/sdk/src/generated/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    // Patterns run on input from kiosks and integrators: none may backtrack super-linearly (ReDoS).
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': ['error', { report: 'certain' }],
      'regexp/no-super-linear-move': 'error',
      'regexp/no-misleading-capturing-group': 'error',
    },
  },
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts', 'bench/**/*.ts', 'kiosk-simulator/**/*.ts', 'ml/**/*.ts', 'apps/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  ...BOUNDARIES.map(({ files, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
);
