import type { DomainModuleDescriptor } from '@app/core';

/**
 * The catalogue of pluggable domain modules (kiosk, telemetry, command, payment, alert, ai,
 * notification), shared by the API and the worker. ENABLED_MODULES picks from it; each entry is
 * added by the issue that builds the module.
 */
export const DOMAIN_MODULES: readonly DomainModuleDescriptor[] = [];
