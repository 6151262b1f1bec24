import type { AuthenticatedUser } from '@app/contracts';

/** An alert's notes, oldest first (a short thread: not paged). */
export class ListAlertNotesQuery {
  constructor(
    readonly alertId: string,
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
  ) {}
}
