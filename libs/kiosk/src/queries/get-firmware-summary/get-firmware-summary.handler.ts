import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FirmwareSummaryDto } from '../../dto/kiosk-inventory.dto';
import { readFirmwareCounts } from './firmware-summary.sql';
import { GetFirmwareSummaryQuery } from './get-firmware-summary.query';

/**
 * The fleet by firmware version, over the kiosks the caller may see (as GET /kiosks) that are not
 * decommissioned: those run nothing any more. Semver versions newest first (by their sort key),
 * then the others by text, then kiosks that never reported one.
 */
@QueryHandler(GetFirmwareSummaryQuery)
export class GetFirmwareSummaryHandler implements IQueryHandler<GetFirmwareSummaryQuery, FirmwareSummaryDto> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ user }: GetFirmwareSummaryQuery): Promise<FirmwareSummaryDto> {
    const rows = await readFirmwareCounts(this.dataSource, user);
    return {
      versions: rows.map((r) => ({ version: r.version, semver: r.semver, count: r.count })),
      total: rows.reduce((n, r) => n + r.count, 0),
    };
  }
}
