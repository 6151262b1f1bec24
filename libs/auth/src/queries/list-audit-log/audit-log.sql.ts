import type { Repository } from 'typeorm';
import type { KeysetCursor } from '@app/core';
import type { AuditLogEntity } from '../../entities/audit-log.entity';
import type { ListAuditLogQuery } from './list-audit-log.query';

/** Newest first, the entries matching the filter before the cursor. */
export function readAuditLog(
  log: Repository<AuditLogEntity>,
  filter: ListAuditLogQuery['filter'],
  before: KeysetCursor | undefined,
  limit: number,
): Promise<AuditLogEntity[]> {
  const qb = log
    .createQueryBuilder('a')
    .orderBy('a.occurred_at', 'DESC')
    .addOrderBy('a.id', 'DESC')
    .limit(limit);
  if (filter.action) qb.andWhere('a.action = :action', { action: filter.action });
  if (filter.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: filter.actorId });
  if (filter.from) qb.andWhere('a.occurred_at >= :from', { from: filter.from });
  if (filter.to) qb.andWhere('a.occurred_at < :to', { to: filter.to });
  if (before) {
    qb.andWhere('(a.occurred_at, a.id) < (:k::timestamptz, :id::bigint)', { k: before.k, id: before.id });
  }
  return qb.getMany();
}
