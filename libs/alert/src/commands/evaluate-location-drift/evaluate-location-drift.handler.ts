import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { LocationDriftAlerts } from '../../location/location-drift-alerts';
import { EvaluateLocationDriftCommand } from './evaluate-location-drift.command';

@CommandHandler(EvaluateLocationDriftCommand)
export class EvaluateLocationDriftHandler implements ICommandHandler<EvaluateLocationDriftCommand, void> {
  private readonly logger = new Logger(EvaluateLocationDriftHandler.name);

  constructor(private readonly drift: LocationDriftAlerts) {}

  async execute({ readings }: EvaluateLocationDriftCommand): Promise<void> {
    // The readings are stored whatever happens here: a failure is logged, never thrown at the saga.
    await this.drift.evaluateBatch(readings).catch((e: unknown) => {
      this.logger.error(`location drift evaluation failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  }
}
