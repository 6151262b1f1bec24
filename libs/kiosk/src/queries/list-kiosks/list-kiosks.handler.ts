import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, DomainError, Page, toPage } from '@app/core';
import { KioskDto } from '../../dto/kiosk.dto';
import { semverSortKey } from '../../services/firmware-version';
import { readKioskPage } from './kiosk-page.sql';
import { ListKiosksQuery } from './list-kiosks.query';

@QueryHandler(ListKiosksQuery)
export class ListKiosksHandler implements IQueryHandler<ListKiosksQuery, Page<KioskDto>> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ user, filter, limit, cursor }: ListKiosksQuery): Promise<Page<KioskDto>> {
    const after = decodeCursor(cursor);
    const { firmwareBelow, ...rest } = filter;
    let firmwareBelowKey: string | undefined;
    if (firmwareBelow !== undefined) {
      // Validated as semver by the DTO; a null key (non-semver or no version) never compares below.
      const below = semverSortKey(firmwareBelow);
      if (below === null) throw new DomainError('invalid', 'firmwareBelow must be a semantic version');
      firmwareBelowKey = below;
    }
    const rows = await readKioskPage(this.dataSource, user, { ...rest, firmwareBelowKey }, after, limit + 1);
    return toPage(
      rows,
      limit,
      (k) => KioskDto.from(k, k.state, k.config),
      (k) => ({ k: k.createdAt.toISOString(), id: k.id }),
    );
  }
}
