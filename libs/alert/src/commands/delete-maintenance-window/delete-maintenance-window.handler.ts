import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { notFound } from '@app/core';
import { Role } from '@app/contracts';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import { MaintenanceWindowRepository } from '../../maintenance/maintenance-window.repository';
import { DeleteMaintenanceWindowCommand } from './delete-maintenance-window.command';

@CommandHandler(DeleteMaintenanceWindowCommand)
export class DeleteMaintenanceWindowHandler implements ICommandHandler<DeleteMaintenanceWindowCommand, void> {
  constructor(
    private readonly windows: MaintenanceWindowRepository,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ windowId, user }: DeleteMaintenanceWindowCommand): Promise<void> {
    const w = await this.windows.find(windowId);
    const mayEnd =
      !!w &&
      (user.role === Role.Admin ||
        (w.scope_kind === 'kiosk' && (await this.kiosks.canSee(user, Number(w.scope_value)))));
    if (!mayEnd) throw notFound('Maintenance window');
    await this.windows.delete(windowId);
  }
}
