import type { DataSource } from 'typeorm';
import type { KioskStatus, KioskViewer } from '@app/contracts';
import type { KeysetCursor } from '@app/core';
import { KioskConfigEntity } from '../../entities/kiosk-config.entity';
import { KioskStateEntity } from '../../entities/kiosk-state.entity';
import { KioskEntity } from '../../entities/kiosk.entity';
import { restrictToVisible } from '../../services/kiosk-access';

export interface KioskListFilter {
  status?: KioskStatus;
  tag?: string;
  /** Matched as a substring of the serial, name or address (LIKE wildcards taken literally). */
  q?: string;
  firmwareVersion?: string;
  /** A semver sort key: kiosks whose version sorts below it (a null key never compares below). */
  firmwareBelowKey?: string;
  configDrift?: boolean;
}

export type ListedKiosk = KioskEntity & { state?: KioskStateEntity; config?: KioskConfigEntity };

/** The visible kiosks in creation order, `rows` at most, after the keyset `(createdAt, id)` when given. */
export async function readKioskPage(
  db: DataSource,
  user: KioskViewer,
  filter: KioskListFilter,
  after: KeysetCursor | undefined,
  rows: number,
): Promise<ListedKiosk[]> {
  const qb = db
    .getRepository(KioskEntity)
    .createQueryBuilder('k')
    .leftJoinAndMapOne('k.state', KioskStateEntity, 's', 's.kiosk_id = k.id')
    .leftJoinAndMapOne('k.config', KioskConfigEntity, 'c', 'c.kiosk_id = k.id')
    .orderBy('k.created_at', 'ASC')
    .addOrderBy('k.id', 'ASC')
    .limit(rows);
  restrictToVisible(qb, user);
  if (filter.status) qb.andWhere('s.status = :status', { status: filter.status });
  if (filter.tag) qb.andWhere(':tag = ANY(k.tags)', { tag: filter.tag });
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    qb.andWhere('(k.serial ILIKE :like OR k.name ILIKE :like OR k.address ILIKE :like)', { like });
  }
  if (filter.firmwareVersion !== undefined)
    qb.andWhere('k.firmware_version = :firmwareVersion', { firmwareVersion: filter.firmwareVersion });
  if (filter.firmwareBelowKey !== undefined)
    qb.andWhere('k.firmware_sort_key < :below', { below: filter.firmwareBelowKey });
  // Behind their desired settings (the kiosk_configs_drift partial index), or not behind.
  if (filter.configDrift === true) qb.andWhere('c.desired_version > c.applied_version');
  if (filter.configDrift === false)
    qb.andWhere('(c.kiosk_id IS NULL OR c.desired_version <= c.applied_version)');
  if (after) qb.andWhere('(k.created_at, k.id) > (:k::timestamptz, :id::int)', { k: after.k, id: after.id });
  return (await qb.getMany()) as ListedKiosk[];
}
