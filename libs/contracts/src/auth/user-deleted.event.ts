/** Published by the auth module after a user is deleted; modules holding references to users react. */
export class UserDeletedEvent {
  constructor(readonly userId: string) {}
}
