/** A user's role changed; their sessions live on, but what they may see changed with it. */
export class UserRoleChangedEvent {
  constructor(readonly userId: string) {}
}
