import type { AppConfig } from '@app/core';

export interface TelemetryOptions {
  retentionDays: number;
  partitionsAheadDays: number;
  batchMaxRows: number;
  flushMs: number;
  bufferMax: number;
  overloadWaitMs: number;
  /** How long application shutdown waits for buffered readings to commit before giving up on them. */
  shutdownFlushMs: number;
}

export const TELEMETRY_OPTIONS = Symbol('TELEMETRY_OPTIONS');

export function telemetryOptions(config: AppConfig): TelemetryOptions {
  // Leave part of the process's drain budget to whatever shuts down after us.
  return { ...config.telemetry, shutdownFlushMs: Math.min(5_000, config.http.shutdownGraceMs) };
}
