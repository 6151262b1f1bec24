import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { conflict } from '@app/core';
import { KioskRegisteredEvent } from '@app/contracts';
import { KioskStateEntity } from '../../entities/kiosk-state.entity';
import { KioskEntity } from '../../entities/kiosk.entity';
import { KioskStateRepository } from '../../liveness/kiosk-state.repository';
import { KioskRepository } from '../../registry/kiosk.repository';
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
    private readonly kiosks: KioskRepository,
    private readonly states: KioskStateRepository,
    private readonly events: EventBus,
  ) {}

  async execute(cmd: RegisterKioskCommand): Promise<RegisteredKiosk> {
    const { secret, hash } = newKioskSecret();
    const result = await this.dataSource.transaction(async (manager) => {
      // A taken serial is a 409; a (50-bit) code collision retries with a new code.
      for (let attempt = 0; attempt < 5; attempt++) {
        const id = await this.kiosks.insert(
          {
            serial: cmd.serial,
            name: cmd.name,
            code: newKioskCode(),
            secretHash: hash,
            lat: cmd.location.lat,
            lng: cmd.location.lng,
            address: cmd.location.address ?? null,
            tags: cmd.tags,
          },
          manager,
        );
        if (id !== undefined) {
          await this.states.insert(id, manager);
          return {
            kiosk: await this.kiosks.findOrFail(id, manager),
            state: await this.states.find(id, manager),
          };
        }
        if (await this.kiosks.serialTaken(cmd.serial, manager)) {
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
