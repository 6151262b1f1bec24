import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, FieldError, notFound } from '@app/core';
import { Role } from '@app/contracts';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import type { MaintenanceWindowDto } from '../../dto/maintenance-window.dto';
import { windowView } from '../../maintenance/maintenance-window-row';
import { MaintenanceWindowRepository } from '../../maintenance/maintenance-window.repository';
import { CreateMaintenanceWindowCommand } from './create-maintenance-window.command';

const TAG = /^[A-Za-z0-9._:/-]{1,40}$/;
const MAX_WINDOW_DAYS = 31;

/**
 * Schedules a window during which alerts of the kiosk (or of every kiosk with the tag) are recorded
 * but muted. Admins schedule any scope; operators only windows of their own kiosks.
 */
@CommandHandler(CreateMaintenanceWindowCommand)
export class CreateMaintenanceWindowHandler implements ICommandHandler<
  CreateMaintenanceWindowCommand,
  MaintenanceWindowDto
> {
  constructor(
    private readonly windows: MaintenanceWindowRepository,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute(c: CreateMaintenanceWindowCommand): Promise<MaintenanceWindowDto> {
    const errors: FieldError[] = [];
    if (!(c.startsAt < c.endsAt)) errors.push({ field: 'endsAt', message: 'endsAt must be after startsAt' });
    else if (c.endsAt.getTime() <= Date.now())
      errors.push({ field: 'endsAt', message: 'endsAt is in the past' });
    else if (c.endsAt.getTime() - c.startsAt.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
      errors.push({ field: 'endsAt', message: `a window lasts at most ${MAX_WINDOW_DAYS} days` });
    }
    let value: string;
    if (c.scope.kind === 'tag') {
      if (typeof c.scope.value !== 'string' || !TAG.test(c.scope.value)) {
        errors.push({ field: 'scope.value', message: 'a tag: 1-40 letters, digits or . _ : / -' });
      }
      value = String(c.scope.value);
    } else {
      const id = Number(c.scope.value);
      if (!/^[1-9]\d{0,9}$/.test(String(c.scope.value)) || id > 2_147_483_647) {
        errors.push({ field: 'scope.value', message: 'a kiosk id (positive integer)' });
      }
      value = String(id);
    }
    if (errors.length) throw new DomainError('invalid', 'Invalid maintenance window', errors);
    if (c.scope.kind === 'tag' && c.user.role !== Role.Admin) {
      throw new DomainError('forbidden', 'Only admins schedule windows for a whole tag');
    }
    if (c.scope.kind === 'kiosk') {
      const kioskId = Number(value);
      if (!(await this.kiosks.exists(kioskId)) || !(await this.kiosks.canSee(c.user, kioskId))) {
        throw notFound('Kiosk');
      }
    }
    const row = await this.windows.insert({
      kind: c.scope.kind,
      value,
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      reason: c.reason,
      createdBy: c.user.id,
    });
    return windowView(row);
  }
}
