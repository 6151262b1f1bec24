import type { DomainModuleDescriptor } from '@app/core';
import { AI_MODULE } from '@app/ai';
import { ALERT_MODULE } from '@app/alert';
import { COMMAND_MODULE } from '@app/command';
import { KIOSK_MODULE } from '@app/kiosk';
import { NOTIFICATION_MODULE } from '@app/notification';
import { PAYMENT_MODULE } from '@app/payment';
import { ROLLOUT_MODULE } from '@app/rollout';
import { TELEMETRY_MODULE } from '@app/telemetry';

/**
 * The catalogue of pluggable domain modules (kiosk, telemetry, command, payment, alert, ai,
 * notification, rollout) as the libs describe them. ENABLED_MODULES picks from it; the worker mounts their
 * `forWorker` parts, the API wraps their `forRoot` parts with controllers (apps/api/src/domain-modules.ts).
 */
export const DOMAIN_MODULES: readonly DomainModuleDescriptor[] = [
  KIOSK_MODULE,
  TELEMETRY_MODULE,
  COMMAND_MODULE,
  ALERT_MODULE,
  PAYMENT_MODULE,
  NOTIFICATION_MODULE,
  AI_MODULE,
  ROLLOUT_MODULE,
];
