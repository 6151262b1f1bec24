import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { LivenessAlerts } from '../../evaluation/liveness-alerts';
import { EvaluateKioskLivenessCommand } from './evaluate-kiosk-liveness.command';

@CommandHandler(EvaluateKioskLivenessCommand)
export class EvaluateKioskLivenessHandler implements ICommandHandler<EvaluateKioskLivenessCommand, void> {
  private readonly logger = new Logger(EvaluateKioskLivenessHandler.name);

  constructor(private readonly liveness: LivenessAlerts) {}

  async execute({ snapshot, previous }: EvaluateKioskLivenessCommand): Promise<void> {
    // A failure here is caught up with by the leader's sweep, which reads kiosk_state.
    await this.liveness.onStatusChanged(snapshot, previous).catch((e: unknown) => {
      this.logger.warn(
        `liveness alerts of kiosk ${snapshot.kioskId} failed: ${e instanceof Error ? e.message : String(e)}`,
      );
    });
  }
}
