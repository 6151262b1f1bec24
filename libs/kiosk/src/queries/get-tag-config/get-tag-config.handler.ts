import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { findTagSettings } from '../../config/kiosk-config-repository';
import { TagConfigDto } from '../../dto/kiosk-config.dto';
import { GetTagConfigQuery } from './get-tag-config.query';

@QueryHandler(GetTagConfigQuery)
export class GetTagConfigHandler implements IQueryHandler<GetTagConfigQuery, TagConfigDto> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ tag }: GetTagConfigQuery): Promise<TagConfigDto> {
    const row = await findTagSettings(this.dataSource, tag);
    if (!row) throw notFound('Tag configuration');
    return { tag, settings: row.settings, updatedAt: row.updated_at.toISOString() };
  }
}
