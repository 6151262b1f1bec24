export * from './telemetry.module';
export type { TelemetryOptions } from './telemetry.options';
export { TelemetryBatchWriter } from './services/telemetry-batch-writer.service';
export { TelemetryPartitionMaintainer } from './maintenance/telemetry-partition-maintainer';
export type { TelemetryMaintenanceReport } from './maintenance/telemetry-partition-maintainer';
export * from './queries/get-telemetry/get-telemetry.query';
export * from './queries/get-telemetry/telemetry-bucket';
export * from './dto/telemetry-query.dto';
export * from './dto/telemetry.dto';
