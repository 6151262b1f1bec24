import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TelemetryEvaluation } from '../../evaluation/telemetry-evaluation';
import { EvaluateAlertRulesCommand } from './evaluate-alert-rules.command';

@CommandHandler(EvaluateAlertRulesCommand)
export class EvaluateAlertRulesHandler implements ICommandHandler<EvaluateAlertRulesCommand, void> {
  private readonly logger = new Logger(EvaluateAlertRulesHandler.name);

  constructor(private readonly evaluation: TelemetryEvaluation) {}

  async execute({ readings }: EvaluateAlertRulesCommand): Promise<void> {
    // The readings are stored whatever happens here: a failure is logged, never thrown at the saga.
    await this.evaluation.evaluateBatch(readings).catch((e: unknown) => {
      this.logger.error(`alert rule evaluation failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  }
}
