import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RecordTelemetryCommand, RecordTelemetryResult } from '@app/contracts';
import { TelemetryBatchWriter } from '../../services/telemetry-batch-writer.service';

/** Resolves once the reading's batch committed: the gateway acknowledges the kiosk only then. */
@CommandHandler(RecordTelemetryCommand)
export class RecordTelemetryHandler implements ICommandHandler<
  RecordTelemetryCommand,
  RecordTelemetryResult
> {
  constructor(private readonly writer: TelemetryBatchWriter) {}

  execute({ reading }: RecordTelemetryCommand): Promise<RecordTelemetryResult> {
    return this.writer.write(reading);
  }
}
