import type { DataSource } from 'typeorm';
import type { KioskViewer } from '@app/contracts';
import { KioskEntity } from '../../entities/kiosk.entity';
import { restrictToVisible } from '../../services/kiosk-access';

/** The ids of every kiosk the viewer may see, decommissioned ones included, in id order. */
export async function readVisibleKioskIds(db: DataSource, user: KioskViewer): Promise<number[]> {
  const qb = db.getRepository(KioskEntity).createQueryBuilder('k').select('k.id', 'id');
  const rows = await restrictToVisible(qb, user).orderBy('k.id').getRawMany<{ id: number }>();
  return rows.map((r) => r.id);
}
