import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { KioskDecommissionedEvent } from '@app/contracts';
import { markStateDecommissioned } from '../../liveness/kiosk-state-repository';
import { kioskExists, markDecommissioned } from '../../registry/kiosk-repository';
import { DecommissionKioskCommand } from './decommission-kiosk.command';

/**
 * Retires a kiosk: it can no longer connect, its open sockets are dropped (the gateway reacts to
 * the event) and it stays visible with status `decommissioned`, history intact. Idempotent.
 */
@CommandHandler(DecommissionKioskCommand)
export class DecommissionKioskHandler implements ICommandHandler<DecommissionKioskCommand, void> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventBus,
  ) {}

  async execute({ kioskId }: DecommissionKioskCommand): Promise<void> {
    const changed = await this.dataSource.transaction(async (manager) => {
      if (!(await kioskExists(manager, kioskId))) throw notFound('Kiosk');
      const changed = await markDecommissioned(manager, kioskId);
      await markStateDecommissioned(manager, kioskId);
      return changed;
    });
    if (changed) this.events.publish(new KioskDecommissionedEvent(kioskId));
  }
}
