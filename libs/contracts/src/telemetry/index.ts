export * from './reading-scorer';
export * from './record-telemetry.command';
export * from './stored-telemetry-row';
export * from './telemetry-batch-recorded.event';
export * from './telemetry-reading';
