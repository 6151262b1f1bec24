import type { AuthenticatedUser } from '@app/contracts';
import type { ScoreTelemetryDto } from '../../dto/score-telemetry.dto';

/** Scores one wire `kiosk_update` payload on demand (`POST /ai/score`); nothing is stored. */
export class ScoreTelemetryCommand {
  constructor(
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
    readonly payload: ScoreTelemetryDto,
  ) {}
}
