import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { conflict } from '@app/core';
import { KioskRegisteredEvent } from '@app/contracts';
import { KioskStateEntity } from '../../entities/kiosk-state.entity';
import { KioskEntity } from '../../entities/kiosk.entity';
import { findState, insertState } from '../../liveness/kiosk-state-repository';
import { findKioskOrFail, insertKiosk, serialTaken } from '../../registry/kiosk-repository';
import { newKioskCode, newKioskSecret } from '../../services/kiosk-secrets';
import { RegisterKioskCommand } from './register-kiosk.command';

export interface RegisteredKiosk {
  kiosk: KioskEntity;
  state: KioskStateEntity;
  /** Returned once, never stored in clear. */
  secret: string;
}

@CommandHandler(RegisterKioskCommand)
export class RegisterKioskHandler implements ICommandHandler<RegisterKioskCommand, RegisteredKiosk> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventBus,
  ) {}

  async execute(cmd: RegisterKioskCommand): Promise<RegisteredKiosk> {
    const { secret, hash } = newKioskSecret();
    const result = await this.dataSource.transaction(async (manager) => {
      // A taken serial is a 409; a (50-bit) code collision retries with a new code.
      for (let attempt = 0; attempt < 5; attempt++) {
        const id = await insertKiosk(manager, {
          serial: cmd.serial,
          name: cmd.name,
          code: newKioskCode(),
          secretHash: hash,
          lat: cmd.location.lat,
          lng: cmd.location.lng,
          address: cmd.location.address ?? null,
          tags: cmd.tags,
        });
        if (id !== undefined) {
          await insertState(manager, id);
          return { kiosk: await findKioskOrFail(manager, id), state: await findState(manager, id) };
        }
        if (await serialTaken(manager, cmd.serial)) {
          throw conflict(`Serial "${cmd.serial}" is already registered`, [
            { field: 'serial', message: 'already exists' },
          ]);
        }
      }
      throw new Error('could not draw a free kiosk code');
    });
    this.events.publish(new KioskRegisteredEvent(result.kiosk.id, result.kiosk.serial));
    return { ...result, secret };
  }
}
