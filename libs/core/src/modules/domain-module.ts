import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app.config';
import type { DomainModuleName } from '../config/env.schema';

/**
 * A domain module plugs into the processes through this descriptor: each process composes the
 * enabled ones and leaves the rest out entirely. Modules reach each other only through CQRS
 * commands, queries and events whose classes live in @app/core contracts, so switching one off
 * breaks nothing else: its routes are gone, its events simply have no listener.
 */
export interface DomainModuleDescriptor {
  name: DomainModuleName;
  /** The API side: controllers, gateways, handlers. */
  forRoot(config: AppConfig): DynamicModule;
  /** The worker side: Bull processors and scheduled jobs, when the module has any. */
  forWorker?(config: AppConfig): DynamicModule;
}

export function selectEnabledModules(
  available: readonly DomainModuleDescriptor[],
  config: AppConfig,
): DynamicModule[] {
  return available.filter((d) => config.enabledModules.has(d.name)).map((d) => d.forRoot(config));
}

export function selectEnabledWorkerModules(
  available: readonly DomainModuleDescriptor[],
  config: AppConfig,
): DynamicModule[] {
  return available
    .filter((d) => config.enabledModules.has(d.name))
    .flatMap((d) => (d.forWorker ? [d.forWorker(config)] : []));
}
