import type { AuthenticatedUser, RetrainingDataSource } from '@app/contracts';

/** Queues a retraining (`POST /ai/models/retrain`); operators may only ask for synthetic data. */
export class RequestRetrainingCommand {
  constructor(
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
    readonly dataSource: RetrainingDataSource,
  ) {}
}
