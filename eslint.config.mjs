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

/** The bottom layer: cross-module messages and typed maps, plain TypeScript that imports nothing of ours. */
const CONTRACTS_MESSAGE =
  'libs/contracts imports nothing of ours and no package (TypeORM types only, with `import type`): every part of the system builds on it.';
const CONTRACTS_ONLY = [
  // Inside the lib: its own files only. `src/<module>/x.ts` leaves src with ../../.
  { regex: '^\\.\\./\\.\\.(/|$)', message: CONTRACTS_MESSAGE },
  { regex: '^(?!\\.{1,2}/)(?!typeorm$)', message: CONTRACTS_MESSAGE },
];

/** A lib is entered through its index (`@app/x`); the one sanctioned second entry is ml's training side. */
const NO_DEEP_IMPORTS = [
  {
    regex: '^@app/(?!ml/training$)[^/]+/',
    message:
      "Import a lib through its index (`@app/x`), not a file inside it: what the index exports is the lib's public face.",
  },
];

/** Apps and libs reach libs through their `@app/…` alias, never by relative path. */
const NO_RELATIVE_REACH = [
  {
    regex: '^(\\.\\./)+(libs|ml|migrations)/',
    message: 'Reach another lib through its `@app/…` alias (its index), not by relative path.',
  },
  {
    regex: '^(\\.\\./)+(apps/)?(api|worker|cli|dashboard)/src(/|$)',
    message: 'An app never imports another app, and libs never import apps: move what both need into a lib.',
  },
];

/** Libs sit under the apps: nothing in libs/ reaches into apps/ (or another lib's src) by path. */
const LIB_RELATIVE_REACH = [
  ...NO_RELATIVE_REACH,
  {
    regex:
      '^(\\.\\./)+(ai|alert|auth|command|contracts|core|database|kiosk|kiosk-signals|notification|payment|platform|rollout|sdk|telemetry)/src(/|$)',
    message: 'Reach another lib through its `@app/…` alias (its index), not by relative path.',
  },
];

/**
 * The domain libs talk to one another only through libs/contracts (commands, queries, events on the
 * CQRS buses): each may import the contracts and the infrastructure (core, database), never another
 * domain lib, the platform above them, or the migrations. `extra` names a lib's own further allowance.
 */
const DOMAIN_LIBS = [
  'kiosk',
  'telemetry',
  'command',
  'payment',
  'alert',
  'ai',
  'notification',
  'auth',
  'rollout',
];
const domainOnly = (lib, extra = { regex: '', label: '' }) => [
  {
    regex: `^@app/(?!(contracts|core|database${extra.regex})$)`,
    message: `libs/${lib} is a domain module: of ours it imports only @app/contracts, @app/core and @app/database${extra.label}; other modules are reached through the messages in libs/contracts.`,
  },
];

/** Infrastructure serves the domains and knows none of them. */
const CORE_ONLY = [
  {
    regex: '^@app/(?!contracts$)',
    message: 'libs/core is infrastructure: of ours it imports only @app/contracts.',
  },
];
/** The admin feed and platform wiring: they hear the domains' events through the contracts only. */
const PLATFORM_ONLY = [
  {
    regex: '^@app/(?!(contracts|core|database)$)',
    message:
      "libs/platform imports only @app/contracts, @app/core and @app/database: the module catalogue is the apps' (apps/*/src/domain-modules.ts).",
  },
];
const DATABASE_ONLY = [
  {
    regex: '^@app/(?!(contracts|core|migrations)$)',
    message:
      'libs/database is infrastructure: of ours it imports only @app/contracts, @app/core and @app/migrations.',
  },
];

/** The training pipeline builds on the shared signal models and the contracts, nothing else of the backend. */
const ML_ONLY = [
  {
    regex: '^@app/(?!(kiosk-signals|contracts)$)',
    message: 'ml is the training pipeline: of ours it imports only @app/kiosk-signals and @app/contracts.',
  },
];

const BACKEND = ['apps/**/*.ts', 'libs/**/*.ts', 'ml/**/*.ts', 'migrations/**/*.ts'];

const BOUNDARIES = [
  { files: BACKEND, patterns: [...NOT_THE_SIMULATOR, ...NO_DEEP_IMPORTS] },
  { files: ['apps/**/*.ts'], patterns: [...NOT_THE_SIMULATOR, ...NO_DEEP_IMPORTS, ...NO_RELATIVE_REACH] },
  { files: ['libs/**/*.ts'], patterns: [...NOT_THE_SIMULATOR, ...NO_DEEP_IMPORTS, ...LIB_RELATIVE_REACH] },
  ...DOMAIN_LIBS.map((lib) => ({
    files: [`libs/${lib}/**/*.ts`],
    patterns: [
      ...NOT_THE_SIMULATOR,
      ...NO_DEEP_IMPORTS,
      ...LIB_RELATIVE_REACH,
      // The AI module serves the models the training pipeline makes and retrains them: it imports ml
      // (its index and training entry; its specs, ml's fixtures too).
      ...domainOnly(lib, lib === 'ai' ? { regex: '|ml(/.+)?', label: ' (and @app/ml)' } : undefined),
    ],
  })),
  {
    files: ['libs/core/**/*.ts'],
    patterns: [...NOT_THE_SIMULATOR, ...NO_DEEP_IMPORTS, ...LIB_RELATIVE_REACH, ...CORE_ONLY],
  },
  {
    files: ['libs/platform/**/*.ts'],
    patterns: [...NOT_THE_SIMULATOR, ...NO_DEEP_IMPORTS, ...LIB_RELATIVE_REACH, ...PLATFORM_ONLY],
  },
  {
    files: ['libs/database/**/*.ts'],
    patterns: [...NOT_THE_SIMULATOR, ...NO_DEEP_IMPORTS, ...LIB_RELATIVE_REACH, ...DATABASE_ONLY],
  },
  { files: ['libs/contracts/**/*.ts'], patterns: CONTRACTS_ONLY },
  {
    files: ['ml/**/*.ts'],
    patterns: [...NOT_THE_SIMULATOR, ...NO_DEEP_IMPORTS, ...NO_RELATIVE_REACH, ...ML_ONLY],
  },
  { files: ['kiosk-simulator/**/*.ts'], patterns: NOT_THE_BACKEND },
  { files: ['libs/kiosk-signals/**/*.ts'], patterns: [...NOT_THE_SIMULATOR, ...NOTHING_OF_OURS] },
];

/**
 * Unit tests may reach into a lib's files (fixtures, internals) by alias or path; the layer rules
 * (who may import whom) hold for them too. Each entry is followed by its spec files' entry.
 */
const SPEC_FREEDOMS = new Set([...NO_DEEP_IMPORTS, ...LIB_RELATIVE_REACH]);
function withSpecFreedoms(entry) {
  const patterns = entry.patterns.filter((p) => !SPEC_FREEDOMS.has(p));
  if (patterns.length === entry.patterns.length) return [entry];
  return [entry, { files: entry.files.map((f) => f.replace(/\*\.ts$/, '*.spec.ts')), patterns }];
}

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
    files: [
      'test/**/*.ts',
      '**/*.spec.ts',
      'bench/**/*.ts',
      'kiosk-simulator/**/*.ts',
      'ml/**/*.ts',
      'apps/cli/**/*.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  ...BOUNDARIES.flatMap(withSpecFreedoms).map(({ files, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
  {
    // Contracts may name TypeORM's types (a command lends its transaction), never load TypeORM.
    files: ['libs/contracts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'typeorm', allowTypeImports: true, message: CONTRACTS_MESSAGE }] },
      ],
    },
  },
);
