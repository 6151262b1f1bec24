import type { DataSource } from 'typeorm';
import type { KioskStatus, KioskViewer, SellCapability } from '@app/contracts';
import { KioskConfigEntity } from '../../entities/kiosk-config.entity';
import { KioskStateEntity } from '../../entities/kiosk-state.entity';
import { KioskEntity } from '../../entities/kiosk.entity';
import { restrictToVisible } from '../../services/kiosk-access';

/** A kiosk without a state row reads as KioskDto.from shows it: decommissioned or offline. */
export const EFFECTIVE_STATUS = `COALESCE(s.status, CASE WHEN k.decommissioned_at IS NOT NULL THEN 'decommissioned' ELSE 'offline' END)`;

export interface StatusSellCount {
  status: KioskStatus;
  canSell: SellCapability | null;
  count: number;
}

/** One GROUP BY (status, can_sell) over the visible kiosks: at most 6 × 5 rows. */
export function readStatusSellCounts(db: DataSource, user: KioskViewer): Promise<StatusSellCount[]> {
  const qb = db
    .getRepository(KioskEntity)
    .createQueryBuilder('k')
    .leftJoin(KioskStateEntity, 's', 's.kiosk_id = k.id')
    .select(EFFECTIVE_STATUS, 'status')
    .addSelect('s.can_sell', 'canSell')
    .addSelect('count(*)::int', 'count')
    .groupBy('1')
    .addGroupBy('2');
  restrictToVisible(qb, user);
  return qb.getRawMany<StatusSellCount>();
}

export type KioskWithStateAndConfig = KioskEntity & { state?: KioskStateEntity; config?: KioskConfigEntity };

/** Blocked, then offline, then stale; the longest silent first, never seen before all (as the dashboard did). */
export async function readAttention(
  db: DataSource,
  user: KioskViewer,
  limit: number,
): Promise<KioskWithStateAndConfig[]> {
  const qb = db
    .getRepository(KioskEntity)
    .createQueryBuilder('k')
    .innerJoinAndMapOne('k.state', KioskStateEntity, 's', 's.kiosk_id = k.id')
    .leftJoinAndMapOne('k.config', KioskConfigEntity, 'c', 'c.kiosk_id = k.id')
    .where(`s.status IN ('blocked', 'offline', 'stale')`)
    .orderBy(`CASE s.status WHEN 'blocked' THEN 0 WHEN 'offline' THEN 1 ELSE 2 END`, 'ASC')
    .addOrderBy('s.last_seen_at', 'ASC', 'NULLS FIRST')
    .addOrderBy('k.id', 'ASC')
    .limit(limit);
  restrictToVisible(qb, user);
  return (await qb.getMany()) as KioskWithStateAndConfig[];
}
