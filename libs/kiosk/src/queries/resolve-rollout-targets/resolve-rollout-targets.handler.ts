import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ResolvedRolloutTargets, ResolveRolloutTargetsQuery } from '@app/contracts';
import { readRolloutTargets } from './rollout-targets.sql';

/** The kiosks of a rollout's target with their site; the ids asked for that are not live come back as missing. */
@QueryHandler(ResolveRolloutTargetsQuery)
export class ResolveRolloutTargetsHandler implements IQueryHandler<
  ResolveRolloutTargetsQuery,
  ResolvedRolloutTargets
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ target }: ResolveRolloutTargetsQuery): Promise<ResolvedRolloutTargets> {
    const rows = await readRolloutTargets(this.dataSource, target);
    const found = new Set(rows.map((r) => r.id));
    return { kiosks: rows, missing: (target.kioskIds ?? []).filter((id) => !found.has(id)) };
  }
}
