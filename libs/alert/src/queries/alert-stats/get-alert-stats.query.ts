import type { AuthenticatedUser } from '@app/contracts';
import type { StatsGroup } from '../../dto/alert.dto';

/** Counts, mean and p90 time to acknowledge / resolve of alerts first seen in [from, to). */
export class GetAlertStatsQuery {
  constructor(
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
    readonly from: Date,
    readonly to: Date,
    readonly groupBy: StatsGroup,
  ) {}
}
