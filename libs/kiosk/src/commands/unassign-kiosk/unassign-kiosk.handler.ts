import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/core';
import { KioskAssignedEvent, Role } from '@app/contracts';
import { KioskConfigEntity } from '../../entities/kiosk-config.entity';
import { KioskStateEntity } from '../../entities/kiosk-state.entity';
import { KioskEntity } from '../../entities/kiosk.entity';
import type { KioskWithState } from '../../queries/get-kiosk/get-kiosk.handler';
import { assertVisible } from '../../services/kiosk-access';
import { UnassignKioskCommand } from './unassign-kiosk.command';

/**
 * Admins unassign any kiosk, an assignee their own. A kiosk the caller cannot see is 404 (as
 * everywhere); one they see but do not hold is 403 (an API key sees kiosks by tag and is never an
 * assignee). An admin unassigning an unassigned kiosk gets 200 and nothing changes: what they asked
 * for holds, and a retried request must not fail.
 */
@CommandHandler(UnassignKioskCommand)
export class UnassignKioskHandler implements ICommandHandler<UnassignKioskCommand, KioskWithState> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventBus,
  ) {}

  async execute({ kioskId, caller }: UnassignKioskCommand): Promise<KioskWithState> {
    const { kiosk, previous } = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(KioskEntity);
      const found = assertVisible(
        await repo.findOne({ where: { id: kioskId }, lock: { mode: 'pessimistic_write' } }),
        caller,
      );
      const previousUser = found.assignedTo;
      if (caller.role !== Role.Admin && (previousUser === null || previousUser !== caller.id)) {
        throw new DomainError('forbidden', 'Only an admin or the assignee may unassign this kiosk');
      }
      if (previousUser === null) return { kiosk: found, previous: null };
      await repo.update({ id: kioskId }, { assignedTo: null });
      return { kiosk: await repo.findOneByOrFail({ id: kioskId }), previous: previousUser };
    });
    if (previous !== null) this.events.publish(new KioskAssignedEvent(kiosk.id, null, previous));
    // Read here, not through GetKioskQuery: an assignee no longer sees the kiosk they just let go.
    const [state, config] = await Promise.all([
      this.dataSource.getRepository(KioskStateEntity).findOneByOrFail({ kioskId }),
      this.dataSource.getRepository(KioskConfigEntity).findOneBy({ kioskId }),
    ]);
    return { kiosk, state, config };
  }
}
