import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ResolvedKioskTargets, ResolveKioskTargetsQuery } from '@app/contracts';
import { readTargetKioskIds } from './kiosk-targets.sql';

@QueryHandler(ResolveKioskTargetsQuery)
export class ResolveKioskTargetsHandler implements IQueryHandler<
  ResolveKioskTargetsQuery,
  ResolvedKioskTargets
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ user, target }: ResolveKioskTargetsQuery): Promise<ResolvedKioskTargets> {
    const kioskIds = await readTargetKioskIds(this.dataSource, user, target);
    const found = new Set(kioskIds);
    return { kioskIds, missing: (target.kioskIds ?? []).filter((id) => !found.has(id)) };
  }
}
