import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { decodeCursor, Page, toPage } from '@app/core';
import { AuditLogEntity } from '../../entities/audit-log.entity';
import { AuditLogEntryDto } from '../../dto/audit-log.dto';
import { ListAuditLogQuery } from './list-audit-log.query';

/** Newest first: an admin reading the audit log wants what just happened. */
@QueryHandler(ListAuditLogQuery)
export class ListAuditLogHandler implements IQueryHandler<ListAuditLogQuery, Page<AuditLogEntryDto>> {
  constructor(@InjectRepository(AuditLogEntity) private readonly log: Repository<AuditLogEntity>) {}

  async execute({ limit, filter, cursor }: ListAuditLogQuery): Promise<Page<AuditLogEntryDto>> {
    const before = decodeCursor(cursor);
    const qb = this.log
      .createQueryBuilder('a')
      .orderBy('a.occurred_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit + 1);
    if (filter.action) qb.andWhere('a.action = :action', { action: filter.action });
    if (filter.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.from) qb.andWhere('a.occurred_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('a.occurred_at < :to', { to: filter.to });
    if (before) {
      qb.andWhere('(a.occurred_at, a.id) < (:k::timestamptz, :id::bigint)', { k: before.k, id: before.id });
    }
    const rows = await qb.getMany();
    return toPage(rows, limit, AuditLogEntryDto.from, (e) => ({ k: e.occurredAt.toISOString(), id: e.id }));
  }
}
