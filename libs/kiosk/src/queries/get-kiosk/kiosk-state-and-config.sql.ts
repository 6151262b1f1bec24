import type { DataSource } from 'typeorm';
import { KioskConfigEntity } from '../../entities/kiosk-config.entity';
import { KioskStateEntity } from '../../entities/kiosk-state.entity';

/** A kiosk's state row (there is one per kiosk) and its config row (none until it has settings), read side by side. */
export function readStateAndConfig(
  db: DataSource,
  kioskId: number,
): Promise<[KioskStateEntity, KioskConfigEntity | null]> {
  return Promise.all([
    db.getRepository(KioskStateEntity).findOneByOrFail({ kioskId }),
    db.getRepository(KioskConfigEntity).findOneBy({ kioskId }),
  ]);
}
