import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig, DomainModuleDescriptor } from '@app/core';
import { RecordTelemetryHandler } from './commands/record-telemetry/record-telemetry.handler';
import { TelemetryPartitionMaintainer } from './maintenance/telemetry-partition-maintainer';
import { ExportTelemetryHandler } from './queries/export-telemetry/export-telemetry.handler';
import { GetTelemetryHandler } from './queries/get-telemetry/get-telemetry.handler';
import { TelemetryBatchWriter } from './services/telemetry-batch-writer.service';
import { PostgresTelemetrySink } from './services/postgres-telemetry-sink';
import { TelemetrySink } from './services/telemetry-sink';
import { TELEMETRY_OPTIONS, telemetryOptions } from './telemetry.options';

/** The telemetry store, API side: the batch writer and the telemetry query. */
@Module({})
export class TelemetryModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: TelemetryModule,
      imports: [CqrsModule],
      providers: [
        { provide: TELEMETRY_OPTIONS, useValue: telemetryOptions(config) },
        { provide: TelemetrySink, useClass: PostgresTelemetrySink },
        TelemetryBatchWriter,
        RecordTelemetryHandler,
        GetTelemetryHandler,
        ExportTelemetryHandler,
      ],
      exports: [TelemetryBatchWriter],
    };
  }
}

/** The telemetry store, worker side: partitions ahead of time and retention. */
@Module({})
export class TelemetryWorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: TelemetryWorkerModule,
      providers: [
        { provide: TELEMETRY_OPTIONS, useValue: telemetryOptions(config) },
        TelemetryPartitionMaintainer,
      ],
    };
  }
}

export const TELEMETRY_MODULE: DomainModuleDescriptor = {
  name: 'telemetry',
  forRoot: (config) => TelemetryModule.forRoot(config),
  forWorker: (config) => TelemetryWorkerModule.forRoot(config),
};
