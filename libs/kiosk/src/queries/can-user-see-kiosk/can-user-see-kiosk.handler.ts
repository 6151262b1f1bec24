import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CanUserSeeKioskQuery } from '@app/contracts';
import { KioskRepository } from '../../registry/kiosk.repository';
import { canSee } from '../../services/kiosk-access';

/** For other modules' routes on kiosk-owned data (telemetry, commands, payments): visibility only. */
@QueryHandler(CanUserSeeKioskQuery)
export class CanUserSeeKioskHandler implements IQueryHandler<CanUserSeeKioskQuery, boolean> {
  constructor(private readonly kiosks: KioskRepository) {}

  async execute({ user, kioskId }: CanUserSeeKioskQuery): Promise<boolean> {
    const kiosk = await this.kiosks.findAccess(kioskId);
    // The whole principal: an API key's `kioskTags` decide what it sees.
    return !!kiosk && canSee(kiosk, user);
  }
}
