export const TELEMETRY_BUCKETS = ['raw', '1m', '1h', '1d'] as const;
export type TelemetryBucket = (typeof TELEMETRY_BUCKETS)[number];
