import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { KioskDecommissionedEvent } from '@app/contracts';
import { KioskStateRepository } from '../../liveness/kiosk-state.repository';
import { KioskRepository } from '../../registry/kiosk.repository';
import { DecommissionKioskCommand } from './decommission-kiosk.command';

/**
 * Retires a kiosk: it can no longer connect, its open sockets are dropped (the gateway reacts to
 * the event) and it stays visible with status `decommissioned`, history intact. Idempotent.
 */
@CommandHandler(DecommissionKioskCommand)
export class DecommissionKioskHandler implements ICommandHandler<DecommissionKioskCommand, void> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kiosks: KioskRepository,
    private readonly states: KioskStateRepository,
    private readonly events: EventBus,
  ) {}

  async execute({ kioskId }: DecommissionKioskCommand): Promise<void> {
    const changed = await this.dataSource.transaction(async (manager) => {
      if (!(await this.kiosks.exists(kioskId, manager))) throw notFound('Kiosk');
      const changed = await this.kiosks.markDecommissioned(kioskId, manager);
      await this.states.markDecommissioned(kioskId, manager);
      return changed;
    });
    if (changed) this.events.publish(new KioskDecommissionedEvent(kioskId));
  }
}
