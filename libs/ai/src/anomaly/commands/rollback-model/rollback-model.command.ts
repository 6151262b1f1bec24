/** Re-activates the model that was active before the current one (`POST /ai/models/rollback`). */
export class RollbackModelCommand {
  constructor(readonly actorId: string) {}
}
