import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { DomainError } from '@app/core';
import { ApiKeyEntity } from '../../entities/api-key.entity';
import { ApiKeyRepository } from '../../repositories/api-key.repository';
import { generateApiKey } from '../../services/api-key-secret';
import { AuditLogService } from '../../services/audit-log.service';
import { CreateApiKeyCommand } from './create-api-key.command';

export interface CreatedApiKey {
  apiKey: ApiKeyEntity;
  key: string;
}

/** A prefix is 40 random bits: a clash is all but impossible, and a second draw settles it. */
const DRAWS = 3;

@CommandHandler(CreateApiKeyCommand)
export class CreateApiKeyHandler implements ICommandHandler<CreateApiKeyCommand, CreatedApiKey> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: ApiKeyRepository,
    private readonly audit: AuditLogService,
  ) {}

  async execute(c: CreateApiKeyCommand): Promise<CreatedApiKey> {
    if (c.expiresAt && c.expiresAt.getTime() <= Date.now()) {
      throw new DomainError('invalid', 'expiresAt must be in the future', [
        { field: 'expiresAt', message: 'must be in the future' },
      ]);
    }
    const tags = [...new Set(c.tags)];
    for (let draw = 1; ; draw++) {
      const secret = generateApiKey();
      try {
        const apiKey = await this.dataSource.transaction(async (manager) => {
          const saved = await this.keys.insert(manager, {
            name: c.name,
            prefix: secret.prefix,
            hash: secret.hash,
            role: c.role,
            tags,
            expiresAt: c.expiresAt,
            createdBy: c.actor.actorId ?? null,
          });
          await this.audit.record(
            c.actor,
            {
              action: 'api_key.created',
              targetType: 'api_key',
              targetId: saved.id,
              details: {
                name: saved.name,
                prefix: saved.prefix,
                role: saved.role,
                tags: saved.tags,
                expiresAt: saved.expiresAt?.toISOString() ?? null,
              },
            },
            manager,
          );
          return saved;
        });
        return { apiKey, key: secret.key };
      } catch (e) {
        const uniqueViolation =
          e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505';
        if (!uniqueViolation || draw >= DRAWS) throw e;
      }
    }
  }
}
