import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '@app/core';
import { ApiKeyDto } from '../../dto/api-key.dto';
import { ApiKeyRepository } from '../../repositories/api-key.repository';
import { GetApiKeyQuery } from './get-api-key.query';

@QueryHandler(GetApiKeyQuery)
export class GetApiKeyHandler implements IQueryHandler<GetApiKeyQuery, ApiKeyDto> {
  constructor(private readonly keys: ApiKeyRepository) {}

  async execute({ apiKeyId }: GetApiKeyQuery): Promise<ApiKeyDto> {
    const key = await this.keys.findLive(apiKeyId);
    if (!key) throw notFound('API key');
    return ApiKeyDto.from(key);
  }
}
