import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '@app/core';
import { KioskConfigRepository } from '../../config/kiosk-config.repository';
import { TagConfigDto } from '../../dto/kiosk-config.dto';
import { GetTagConfigQuery } from './get-tag-config.query';

@QueryHandler(GetTagConfigQuery)
export class GetTagConfigHandler implements IQueryHandler<GetTagConfigQuery, TagConfigDto> {
  constructor(private readonly repository: KioskConfigRepository) {}

  async execute({ tag }: GetTagConfigQuery): Promise<TagConfigDto> {
    const row = await this.repository.findTagSettings(tag);
    if (!row) throw notFound('Tag configuration');
    return { tag, settings: row.settings, updatedAt: row.updated_at.toISOString() };
  }
}
