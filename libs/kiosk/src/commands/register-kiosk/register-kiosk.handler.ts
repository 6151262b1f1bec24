import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { conflict } from '@app/core';
import { KioskRegisteredEvent } from '@app/contracts';
import { queryRecords } from '@app/database';
import { KioskStateEntity } from '../../entities/kiosk-state.entity';
import { KioskEntity } from '../../entities/kiosk.entity';
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
      // ON CONFLICT on the serial only: a taken serial is a 409; a (50-bit) code collision retries.
      for (let attempt = 0; attempt < 5; attempt++) {
        const [row] = await queryRecords<{ id: number }>(
          manager,
          `INSERT INTO kiosks (serial, name, code, secret_hash, lat, lng, address, tags)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8
            WHERE NOT EXISTS (SELECT 1 FROM kiosks WHERE code = $3)
           ON CONFLICT (serial) DO NOTHING
           RETURNING id`,
          [
            cmd.serial,
            cmd.name,
            newKioskCode(),
            hash,
            cmd.location.lat,
            cmd.location.lng,
            cmd.location.address ?? null,
            cmd.tags,
          ],
        );
        if (row) {
          await manager.getRepository(KioskStateEntity).insert({ kioskId: row.id });
          return {
            kiosk: await manager.getRepository(KioskEntity).findOneByOrFail({ id: row.id }),
            state: await manager.getRepository(KioskStateEntity).findOneByOrFail({ kioskId: row.id }),
          };
        }
        if (await manager.getRepository(KioskEntity).existsBy({ serial: cmd.serial })) {
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
