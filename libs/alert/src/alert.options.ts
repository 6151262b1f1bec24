import { Inject } from '@nestjs/common';
import type { AppConfig } from '@app/core';

export const ALERT_OPTIONS = Symbol('ALERT_OPTIONS');
export const InjectAlertOptions = () => Inject(ALERT_OPTIONS);

export type AlertOptions = AppConfig['alerts'] & { telemetryIntervalSec: number };

export function alertOptions(config: AppConfig): AlertOptions {
  return { ...config.alerts, telemetryIntervalSec: config.telemetryIntervalSec };
}
