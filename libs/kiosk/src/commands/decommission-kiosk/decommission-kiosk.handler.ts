import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { notFound } from '@app/core';
import { KioskDecommissionedEvent } from '@app/contracts';
import { KioskStateEntity } from '../../entities/kiosk-state.entity';
import { KioskEntity } from '../../entities/kiosk.entity';
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
      if (!(await manager.getRepository(KioskEntity).existsBy({ id: kioskId }))) throw notFound('Kiosk');
      const res = await manager
        .getRepository(KioskEntity)
        .update({ id: kioskId, decommissionedAt: IsNull() }, { decommissionedAt: new Date() });
      await manager
        .getRepository(KioskStateEntity)
        .update({ kioskId }, { decommissioned: true, connected: false, reporting: false });
      return (res.affected ?? 0) > 0;
    });
    if (changed) this.events.publish(new KioskDecommissionedEvent(kioskId));
  }
}
