import type { DataSource } from 'typeorm';
import type { KeysetCursor } from '@app/core';
import { KioskCommandEntity } from '../../entities/kiosk-command.entity';

/** The kiosk's commands, newest first, `limit` of them before `(createdAt, id)` when given. */
export function readKioskCommands(
  dataSource: DataSource,
  kioskId: number,
  before: KeysetCursor | undefined,
  limit: number,
): Promise<KioskCommandEntity[]> {
  const qb = dataSource
    .getRepository(KioskCommandEntity)
    .createQueryBuilder('c')
    .where('c.kiosk_id = :kioskId', { kioskId })
    .orderBy('c.created_at', 'DESC')
    .addOrderBy('c.id', 'DESC')
    .limit(limit);
  if (before)
    qb.andWhere('(c.created_at, c.id) < (:k::timestamptz, :id::uuid)', { k: before.k, id: before.id });
  return qb.getMany();
}
