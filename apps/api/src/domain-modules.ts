import type { DomainModuleDescriptor } from '@app/core';
import { AiHttpModule } from './ai/ai-http.module';
import { AlertsHttpModule } from './alerts/alerts-http.module';
import { CommandsHttpModule } from './commands/commands-http.module';
import { KiosksHttpModule } from './kiosks/kiosks-http.module';
import { NotificationsHttpModule } from './notifications/notifications-http.module';
import { PaymentsHttpModule } from './payments/payments-http.module';
import { RolloutsHttpModule } from './rollouts/rollouts-http.module';
import { TelemetryHttpModule } from './telemetry/telemetry-http.module';

/**
 * The API side of each pluggable domain module: the lib's module plus its controllers. The worker
 * side comes from the libs' own descriptors (libs/platform/src/domain-modules.ts).
 */
export const API_DOMAIN_MODULES: readonly DomainModuleDescriptor[] = [
  { name: 'kiosk', forRoot: () => KiosksHttpModule.forRoot() },
  { name: 'telemetry', forRoot: (config) => TelemetryHttpModule.forRoot(config) },
  { name: 'command', forRoot: () => CommandsHttpModule.forRoot() },
  { name: 'alert', forRoot: (config) => AlertsHttpModule.forRoot(config) },
  { name: 'payment', forRoot: () => PaymentsHttpModule.forRoot() },
  { name: 'notification', forRoot: () => NotificationsHttpModule.forRoot() },
  { name: 'ai', forRoot: () => AiHttpModule.forRoot() },
  { name: 'rollout', forRoot: () => RolloutsHttpModule.forRoot() },
];
