import type { DataSource } from 'typeorm';
import type { KioskViewer } from '@app/contracts';
import type { KioskMapPointDto } from '../../dto/fleet-summary.dto';
import { KioskStateEntity } from '../../entities/kiosk-state.entity';
import { KioskEntity } from '../../entities/kiosk.entity';
import { restrictToVisible } from '../../services/kiosk-access';
import { EFFECTIVE_STATUS } from '../get-fleet-summary/fleet-summary.sql';

/** The visible live kiosks in id order, only the columns a map dot and its tooltip need. */
export function readKioskMapPoints(db: DataSource, user: KioskViewer): Promise<KioskMapPointDto[]> {
  const qb = db
    .getRepository(KioskEntity)
    .createQueryBuilder('k')
    .leftJoin(KioskStateEntity, 's', 's.kiosk_id = k.id')
    .select('k.id', 'id')
    .addSelect('k.name', 'name')
    .addSelect('k.serial', 'serial')
    .addSelect('k.lat', 'lat')
    .addSelect('k.lng', 'lng')
    .addSelect(EFFECTIVE_STATUS, 'status')
    .addSelect('s.can_sell', 'canSell')
    .where('k.decommissioned_at IS NULL')
    .orderBy('k.id', 'ASC');
  restrictToVisible(qb, user);
  return qb.getRawMany<KioskMapPointDto>();
}
