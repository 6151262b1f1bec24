import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { notFound } from '@app/core';
import { KioskUpdatedEvent } from '@app/contracts';
import { KioskEntity } from '../../entities/kiosk.entity';
import { KioskRepository } from '../../registry/kiosk.repository';
import { UpdateKioskCommand } from './update-kiosk.command';

@CommandHandler(UpdateKioskCommand)
export class UpdateKioskHandler implements ICommandHandler<UpdateKioskCommand, KioskEntity> {
  constructor(
    private readonly kiosks: KioskRepository,
    private readonly events: EventBus,
  ) {}

  async execute({ kioskId, changes }: UpdateKioskCommand): Promise<KioskEntity> {
    const kiosk = await this.kiosks.find(kioskId);
    if (!kiosk) throw notFound('Kiosk');
    if (changes.name !== undefined) kiosk.name = changes.name;
    if (changes.tags !== undefined) kiosk.tags = [...new Set(changes.tags)];
    if (changes.location) {
      kiosk.lat = changes.location.lat;
      kiosk.lng = changes.location.lng;
      kiosk.address = changes.location.address ?? null;
    }
    const saved = await this.kiosks.save(kiosk);
    this.events.publish(new KioskUpdatedEvent(kioskId));
    return saved;
  }
}
