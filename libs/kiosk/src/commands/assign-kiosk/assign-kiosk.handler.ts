import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { conflict, DomainError, notFound, unprocessable } from '@app/core';
import { KioskAssignedEvent, Role } from '@app/contracts';
import { KioskEntity } from '../../entities/kiosk.entity';
import { KioskRepository } from '../../registry/kiosk.repository';
import { AssignKioskCommand } from './assign-kiosk.command';

/**
 * Claims the kiosk whose QR code is `code`. Operators and viewers claim unassigned kiosks for
 * themselves (someone else's → 409); admins may name any user and may reassign. The row lock makes
 * two simultaneous claims of one kiosk end with exactly one winner.
 */
@CommandHandler(AssignKioskCommand)
export class AssignKioskHandler implements ICommandHandler<AssignKioskCommand, KioskEntity> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kiosks: KioskRepository,
    private readonly events: EventBus,
  ) {}

  async execute({ code, caller, userId }: AssignKioskCommand): Promise<KioskEntity> {
    const isAdmin = caller.role === Role.Admin;
    if (userId && !isAdmin)
      throw new DomainError('forbidden', 'Only admins may assign a kiosk to someone else');
    const target = userId ?? caller.id;
    const normalized = code.trim().toUpperCase();
    try {
      const { kiosk, previous } = await this.dataSource.transaction(async (manager) => {
        const found = await this.kiosks.lockByCode(normalized, manager);
        if (!found) throw notFound('Kiosk');
        if (found.decommissionedAt) throw unprocessable('A decommissioned kiosk cannot be assigned');
        const previousUser = found.assignedTo;
        if (previousUser && previousUser !== target && !isAdmin) {
          throw conflict('This kiosk is already assigned to someone else');
        }
        if (previousUser !== target) await this.kiosks.setAssignee(found.id, target, manager);
        return { kiosk: await this.kiosks.findOrFail(found.id, manager), previous: previousUser };
      });
      if (previous !== target) this.events.publish(new KioskAssignedEvent(kiosk.id, target, previous));
      return kiosk;
    } catch (e) {
      // 23503: the named user does not exist.
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23503') {
        throw unprocessable('userId does not name an existing user', [
          { field: 'userId', message: 'unknown user' },
        ]);
      }
      throw e;
    }
  }
}
