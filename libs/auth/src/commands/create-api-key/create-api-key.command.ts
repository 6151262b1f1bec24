import type { ApiKeyRole } from '../../entities/api-key.entity';
import type { AuditContext } from '../../services/audit-log.service';

/** Issues an integrator's API key (CONTRACT §8); answers the record and the key, shown only now. */
export class CreateApiKeyCommand {
  constructor(
    readonly name: string,
    readonly role: ApiKeyRole,
    readonly tags: readonly string[],
    readonly expiresAt: Date | null,
    readonly actor: AuditContext,
  ) {}
}
