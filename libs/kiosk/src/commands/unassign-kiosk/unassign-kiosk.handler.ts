import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/core';
import { KioskAssignedEvent, Role } from '@app/contracts';
import type { KioskWithState } from '../../queries/get-kiosk/get-kiosk.handler';
import { readStateAndConfig } from '../../queries/get-kiosk/kiosk-state-and-config.sql';
import { KioskRepository } from '../../registry/kiosk.repository';
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
    private readonly kiosks: KioskRepository,
    private readonly events: EventBus,
  ) {}

  async execute({ kioskId, caller }: UnassignKioskCommand): Promise<KioskWithState> {
    const { kiosk, previous } = await this.dataSource.transaction(async (manager) => {
      const found = assertVisible(await this.kiosks.lock(kioskId, manager), caller);
      const previousUser = found.assignedTo;
      if (caller.role !== Role.Admin && (previousUser === null || previousUser !== caller.id)) {
        throw new DomainError('forbidden', 'Only an admin or the assignee may unassign this kiosk');
      }
      if (previousUser === null) return { kiosk: found, previous: null };
      await this.kiosks.setAssignee(kioskId, null, manager);
      return { kiosk: await this.kiosks.findOrFail(kioskId, manager), previous: previousUser };
    });
    if (previous !== null) this.events.publish(new KioskAssignedEvent(kiosk.id, null, previous));
    // Read here, not through GetKioskQuery: an assignee no longer sees the kiosk they just let go.
    const [state, config] = await readStateAndConfig(this.dataSource, kioskId);
    return { kiosk, state, config };
  }
}
