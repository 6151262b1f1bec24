import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FirmwareSummaryDto } from '../../dto/kiosk-inventory.dto';
import { KioskEntity } from '../../entities/kiosk.entity';
import { restrictToVisible } from '../../services/kiosk-access';
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
    const qb = this.dataSource
      .getRepository(KioskEntity)
      .createQueryBuilder('k')
      .select('k.firmware_version', 'version')
      .addSelect('k.firmware_sort_key IS NOT NULL', 'semver')
      .addSelect('count(*)::int', 'count')
      .where('k.decommissioned_at IS NULL')
      .groupBy('k.firmware_version')
      .addGroupBy('k.firmware_sort_key')
      .orderBy('k.firmware_version IS NULL', 'ASC')
      .addOrderBy('k.firmware_sort_key', 'DESC', 'NULLS LAST')
      .addOrderBy('k.firmware_version COLLATE "C"', 'ASC');
    restrictToVisible(qb, user);
    const rows = await qb.getRawMany<{ version: string | null; semver: boolean; count: number }>();
    return {
      versions: rows.map((r) => ({ version: r.version, semver: r.semver, count: r.count })),
      total: rows.reduce((n, r) => n + r.count, 0),
    };
  }
}
