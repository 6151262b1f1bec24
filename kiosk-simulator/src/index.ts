/**
 * Programmatic entry points, for the backend smoke test and the benchmarks:
 *
 *   const opts = resolveOptions(['--url', url, '--kiosks', '20', '--duration', '30s', '--scenario', 'mixed'], env);
 *   const { summary } = await simulate(opts);
 *
 * The signal and fault models alone live in libs/kiosk-signals (no sockets, no timers), shared with
 * the AI training pipeline.
 */
export { resolveOptions, USAGE, UsageError } from './cli-options';
export type { ResolvedOptions } from './cli-options';
export { simulate } from './simulate';
export type { SimulationOutcome } from './simulate';
export type { SimulationSummary } from './summary';
export { runFleet } from './run';
export type { RunConfig, RunResult } from './run';
export { FleetRunner } from './fleet';
export { provisionKiosks, ProvisionError } from './provision';
export { readCredentials, writeCredentials } from './credentials';
export type { KioskCredential } from './credentials';
export { parseScenarioArg } from './scenarios/scenario-arg';
export { FakeKioskServer } from './testing/fake-kiosk-server';
export * as wire from './wire';
