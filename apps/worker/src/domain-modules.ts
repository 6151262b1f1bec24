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
 * What the worker mounts: each pluggable domain module's worker side (Bull processors, scheduled
 * jobs) as the lib describes it. ENABLED_MODULES picks from this list; the API keeps its own list
 * (apps/api/src/domain-modules.ts), the lib's module wrapped with its controllers.
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
