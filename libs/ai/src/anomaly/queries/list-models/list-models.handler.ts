import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page, decodeCursor, toPage } from '@app/core';
import { AiModelDto } from '../../dto/ai-model.dto';
import { ModelRegistry } from '../../services/model-registry';
import { ListModelsQuery } from './list-models.query';

@QueryHandler(ListModelsQuery)
export class ListModelsHandler implements IQueryHandler<ListModelsQuery, Page<AiModelDto>> {
  constructor(private readonly registry: ModelRegistry) {}

  async execute({ limit, cursor }: ListModelsQuery): Promise<Page<AiModelDto>> {
    const rows = await this.registry.list(limit, decodeCursor(cursor));
    return toPage(rows, limit, AiModelDto.from, (m) => ({ k: m.createdAt.toISOString(), id: m.version }));
  }
}
