import { BadRequestException } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, Page, toPage } from '@app/core';
import { FirmwareHistoryEntryDto } from '../../dto/kiosk-inventory.dto';
import { KioskRepository } from '../../registry/kiosk.repository';
import { assertVisible } from '../../services/kiosk-access';
import { readFirmwareHistoryPage } from './firmware-history.sql';
import { ListFirmwareHistoryQuery } from './list-firmware-history.query';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Newest first; keyset on (first_reported_at, id), both exact to the millisecond in the column. */
@QueryHandler(ListFirmwareHistoryQuery)
export class ListFirmwareHistoryHandler implements IQueryHandler<
  ListFirmwareHistoryQuery,
  Page<FirmwareHistoryEntryDto>
> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kiosks: KioskRepository,
  ) {}

  async execute({
    user,
    kioskId,
    limit,
    cursor,
  }: ListFirmwareHistoryQuery): Promise<Page<FirmwareHistoryEntryDto>> {
    const after = decodeCursor(cursor);
    assertVisible(await this.kiosks.find(kioskId), user);
    let from: { k: string; id: string } | null = null;
    if (after) {
      // The cursor came from a client: check it before it reaches a cast in SQL (a 400, not a 500).
      if (
        typeof after.k !== 'string' ||
        !ISO_INSTANT.test(after.k) ||
        Number.isNaN(Date.parse(after.k)) ||
        !/^\d{1,18}$/.test(String(after.id))
      ) {
        throw new BadRequestException({
          message: 'Invalid cursor',
          details: [{ field: 'cursor', message: 'invalid cursor' }],
        });
      }
      from = { k: after.k, id: String(after.id) };
    }
    const rows = await readFirmwareHistoryPage(this.dataSource, kioskId, from, limit + 1);
    return toPage(
      rows,
      limit,
      (h) => ({ firmwareVersion: h.firmwareVersion, firstReportedAt: h.firstReportedAt.toISOString() }),
      (h) => ({ k: h.firstReportedAt.toISOString(), id: h.id }),
    );
  }
}
