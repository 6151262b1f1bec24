import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound, unprocessable } from '@app/core';
import { KioskSecretRotatedEvent } from '@app/contracts';
import { findState } from '../../liveness/kiosk-state-repository';
import { findKiosk, setSecretHash } from '../../registry/kiosk-repository';
import { newKioskSecret } from '../../services/kiosk-secrets';
import type { RegisteredKiosk } from '../register-kiosk/register-kiosk.handler';
import { RotateKioskSecretCommand } from './rotate-kiosk-secret.command';

/** The old secret stops working at once: new handshakes check the new hash, open sockets are dropped. */
@CommandHandler(RotateKioskSecretCommand)
export class RotateKioskSecretHandler implements ICommandHandler<RotateKioskSecretCommand, RegisteredKiosk> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventBus,
  ) {}

  async execute({ kioskId }: RotateKioskSecretCommand): Promise<RegisteredKiosk> {
    const kiosk = await findKiosk(this.dataSource, kioskId);
    if (!kiosk) throw notFound('Kiosk');
    if (kiosk.decommissionedAt) throw unprocessable('A decommissioned kiosk has no secret to rotate');
    const { secret, hash } = newKioskSecret();
    await setSecretHash(this.dataSource, kioskId, hash);
    this.events.publish(new KioskSecretRotatedEvent(kioskId));
    const state = await findState(this.dataSource, kioskId);
    return { kiosk, state, secret };
  }
}
