import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { KioskUpdatedEvent } from '@app/contracts';
import { KioskEntity } from '../../entities/kiosk.entity';
import { findKiosk, saveKiosk } from '../../registry/kiosk-repository';
import { UpdateKioskCommand } from './update-kiosk.command';

@CommandHandler(UpdateKioskCommand)
export class UpdateKioskHandler implements ICommandHandler<UpdateKioskCommand, KioskEntity> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventBus,
  ) {}

  async execute({ kioskId, changes }: UpdateKioskCommand): Promise<KioskEntity> {
    const kiosk = await findKiosk(this.dataSource, kioskId);
    if (!kiosk) throw notFound('Kiosk');
    if (changes.name !== undefined) kiosk.name = changes.name;
    if (changes.tags !== undefined) kiosk.tags = [...new Set(changes.tags)];
    if (changes.location) {
      kiosk.lat = changes.location.lat;
      kiosk.lng = changes.location.lng;
      kiosk.address = changes.location.address ?? null;
    }
    const saved = await saveKiosk(this.dataSource, kiosk);
    this.events.publish(new KioskUpdatedEvent(kioskId));
    return saved;
  }
}
