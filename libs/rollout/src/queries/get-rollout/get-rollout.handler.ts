import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '@app/core';
import type { RolloutDto } from '../../dto/rollout.dto';
import { RolloutReader } from '../../services/rollout-reader';
import { GetRolloutQuery } from './get-rollout.query';

@QueryHandler(GetRolloutQuery)
export class GetRolloutHandler implements IQueryHandler<GetRolloutQuery, RolloutDto> {
  constructor(private readonly reader: RolloutReader) {}

  async execute({ rolloutId }: GetRolloutQuery): Promise<RolloutDto> {
    const rollout = await this.reader.get(rolloutId);
    if (!rollout) throw notFound('Rollout');
    return rollout;
  }
}
