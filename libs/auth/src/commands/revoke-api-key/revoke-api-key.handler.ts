import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { ApiKeyRepository } from '../../repositories/api-key.repository';
import { AuditLogService } from '../../services/audit-log.service';
import { RevokeApiKeyCommand } from './revoke-api-key.command';

/**
 * Takes effect with the commit: no instance caches a key's lookup (see ApiKeyRepository), so the
 * next request with the key, wherever it lands, answers 401. A revoked (or unknown) key is 404.
 */
@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand, void> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: ApiKeyRepository,
    private readonly audit: AuditLogService,
  ) {}

  async execute({ apiKeyId, actor }: RevokeApiKeyCommand): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const revoked = await this.keys.revoke(manager, apiKeyId);
      if (!revoked) throw notFound('API key');
      await this.audit.record(
        actor,
        {
          action: 'api_key.revoked',
          targetType: 'api_key',
          targetId: revoked.id,
          details: { name: revoked.name, prefix: revoked.prefix },
        },
        manager,
      );
    });
  }
}
