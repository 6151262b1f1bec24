import type { KioskViewer } from '@app/contracts';
import type { RolloutKioskState } from '../../dto/rollout-kiosk.dto';

export interface RolloutKioskFilter {
  status?: RolloutKioskState;
  wave?: number;
}

/**
 * `GET /rollouts/{id}/kiosks`: the rollout's kiosks the viewer may see, in wave order, with the
 * state and stored reason of each; keyset-paginated.
 */
export class ListRolloutKiosksQuery {
  constructor(
    readonly rolloutId: string,
    readonly viewer: KioskViewer,
    readonly filter: RolloutKioskFilter,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
