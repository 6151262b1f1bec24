import type { DomainModuleDescriptor } from '@app/core';
import { AI_MODULE } from '@app/ai';
import { ALERT_MODULE } from '@app/alert';
import { COMMAND_MODULE } from '@app/command';
import { KIOSK_MODULE } from '@app/kiosk';
import { NOTIFICATION_MODULE } from '@app/notification';
import { PAYMENT_MODULE } from '@app/payment';
import { ROLLOUT_MODULE } from '@app/rollout';
import { TELEMETRY_MODULE } from '@app/telemetry';
import { AiHttpModule } from './ai/ai-http.module';
import { AlertsHttpModule } from './alerts/alerts-http.module';
import { CommandsHttpModule } from './commands/commands-http.module';
import { KiosksHttpModule } from './kiosks/kiosks-http.module';
import { NotificationsHttpModule } from './notifications/notifications-http.module';
import { PaymentsHttpModule } from './payments/payments-http.module';
import { RolloutsHttpModule } from './rollouts/rollouts-http.module';
import { TelemetryHttpModule } from './telemetry/telemetry-http.module';

/**
 * What the API mounts: each pluggable domain module as the lib describes it, its API side wrapped
 * with the module's controllers. The worker sides are the libs' own: the API mounts them only when it
 * also runs the worker (`--with-worker`). The worker keeps its own list (apps/worker/src/domain-modules.ts).
 */
export const API_DOMAIN_MODULES: readonly DomainModuleDescriptor[] = [
  { ...KIOSK_MODULE, forRoot: () => KiosksHttpModule.forRoot() },
  { ...TELEMETRY_MODULE, forRoot: (config) => TelemetryHttpModule.forRoot(config) },
  { ...COMMAND_MODULE, forRoot: () => CommandsHttpModule.forRoot() },
  { ...ALERT_MODULE, forRoot: (config) => AlertsHttpModule.forRoot(config) },
  { ...PAYMENT_MODULE, forRoot: () => PaymentsHttpModule.forRoot() },
  { ...NOTIFICATION_MODULE, forRoot: () => NotificationsHttpModule.forRoot() },
  { ...AI_MODULE, forRoot: () => AiHttpModule.forRoot() },
  { ...ROLLOUT_MODULE, forRoot: () => RolloutsHttpModule.forRoot() },
];
