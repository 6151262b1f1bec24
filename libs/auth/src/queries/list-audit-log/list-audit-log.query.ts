export class ListAuditLogQuery {
  constructor(
    readonly limit: number,
    readonly filter: { action?: string; actorId?: string; from?: string; to?: string },
    readonly cursor?: string,
  ) {}
}
