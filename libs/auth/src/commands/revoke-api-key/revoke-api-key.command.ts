import type { AuditContext } from '../../services/audit-log.service';

/** Revokes an API key at once, on every instance (CONTRACT §8). */
export class RevokeApiKeyCommand {
  constructor(
    readonly apiKeyId: string,
    readonly actor: AuditContext,
  ) {}
}
