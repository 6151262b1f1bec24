import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { decodeCursor, Page, toPage } from '@app/core';
import { AuditLogEntity } from '../../entities/audit-log.entity';
import { AuditLogEntryDto } from '../../dto/audit-log.dto';
import { readAuditLog } from './audit-log.sql';
import { ListAuditLogQuery } from './list-audit-log.query';

/** Newest first: an admin reading the audit log wants what just happened. */
@QueryHandler(ListAuditLogQuery)
export class ListAuditLogHandler implements IQueryHandler<ListAuditLogQuery, Page<AuditLogEntryDto>> {
  constructor(@InjectRepository(AuditLogEntity) private readonly log: Repository<AuditLogEntity>) {}

  async execute({ limit, filter, cursor }: ListAuditLogQuery): Promise<Page<AuditLogEntryDto>> {
    const before = decodeCursor(cursor);
    const rows = await readAuditLog(this.log, filter, before, limit + 1);
    return toPage(rows, limit, AuditLogEntryDto.from, (e) => ({ k: e.occurredAt.toISOString(), id: e.id }));
  }
}
