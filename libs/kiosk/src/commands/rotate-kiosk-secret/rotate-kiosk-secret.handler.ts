import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { notFound, unprocessable } from '@app/core';
import { KioskSecretRotatedEvent } from '@app/contracts';
import { KioskStateRepository } from '../../liveness/kiosk-state.repository';
import { KioskRepository } from '../../registry/kiosk.repository';
import { newKioskSecret } from '../../services/kiosk-secrets';
import type { RegisteredKiosk } from '../register-kiosk/register-kiosk.handler';
import { RotateKioskSecretCommand } from './rotate-kiosk-secret.command';

/** The old secret stops working at once: new handshakes check the new hash, open sockets are dropped. */
@CommandHandler(RotateKioskSecretCommand)
export class RotateKioskSecretHandler implements ICommandHandler<RotateKioskSecretCommand, RegisteredKiosk> {
  constructor(
    private readonly kiosks: KioskRepository,
    private readonly states: KioskStateRepository,
    private readonly events: EventBus,
  ) {}

  async execute({ kioskId }: RotateKioskSecretCommand): Promise<RegisteredKiosk> {
    const kiosk = await this.kiosks.find(kioskId);
    if (!kiosk) throw notFound('Kiosk');
    if (kiosk.decommissionedAt) throw unprocessable('A decommissioned kiosk has no secret to rotate');
    const { secret, hash } = newKioskSecret();
    await this.kiosks.setSecretHash(kioskId, hash);
    this.events.publish(new KioskSecretRotatedEvent(kioskId));
    const state = await this.states.find(kioskId);
    return { kiosk, state, secret };
  }
}
