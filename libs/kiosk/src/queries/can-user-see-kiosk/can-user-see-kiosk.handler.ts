import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CanUserSeeKioskQuery } from '@app/contracts';
import { findKioskAccess } from '../../registry/kiosk-repository';
import { canSee } from '../../services/kiosk-access';

/** For other modules' routes on kiosk-owned data (telemetry, commands, payments): visibility only. */
@QueryHandler(CanUserSeeKioskQuery)
export class CanUserSeeKioskHandler implements IQueryHandler<CanUserSeeKioskQuery, boolean> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ user, kioskId }: CanUserSeeKioskQuery): Promise<boolean> {
    const kiosk = await findKioskAccess(this.dataSource, kioskId);
    // The whole principal: an API key's `kioskTags` decide what it sees.
    return !!kiosk && canSee(kiosk, user);
  }
}
