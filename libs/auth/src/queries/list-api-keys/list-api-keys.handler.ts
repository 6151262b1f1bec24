import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page, toPage } from '@app/core';
import { ApiKeyDto } from '../../dto/api-key.dto';
import { ApiKeyRepository } from '../../repositories/api-key.repository';
import { ListApiKeysQuery } from './list-api-keys.query';

@QueryHandler(ListApiKeysQuery)
export class ListApiKeysHandler implements IQueryHandler<ListApiKeysQuery, Page<ApiKeyDto>> {
  constructor(private readonly keys: ApiKeyRepository) {}

  async execute({ limit, cursor }: ListApiKeysQuery): Promise<Page<ApiKeyDto>> {
    const rows = await this.keys.listLive(limit, cursor);
    return toPage(rows, limit, ApiKeyDto.from, (k) => ({ k: k.createdAt.toISOString(), id: k.id }));
  }
}
