import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, DomainError, Page, toPage } from '@app/core';
import { KioskDto } from '../../dto/kiosk.dto';
import { KioskConfigEntity } from '../../entities/kiosk-config.entity';
import { KioskStateEntity } from '../../entities/kiosk-state.entity';
import { KioskEntity } from '../../entities/kiosk.entity';
import { semverSortKey } from '../../services/firmware-version';
import { restrictToVisible } from '../../services/kiosk-access';
import { ListKiosksQuery } from './list-kiosks.query';

@QueryHandler(ListKiosksQuery)
export class ListKiosksHandler implements IQueryHandler<ListKiosksQuery, Page<KioskDto>> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ user, filter, limit, cursor }: ListKiosksQuery): Promise<Page<KioskDto>> {
    const after = decodeCursor(cursor);
    const qb = this.dataSource
      .getRepository(KioskEntity)
      .createQueryBuilder('k')
      .leftJoinAndMapOne('k.state', KioskStateEntity, 's', 's.kiosk_id = k.id')
      .leftJoinAndMapOne('k.config', KioskConfigEntity, 'c', 'c.kiosk_id = k.id')
      .orderBy('k.created_at', 'ASC')
      .addOrderBy('k.id', 'ASC')
      .limit(limit + 1);
    restrictToVisible(qb, user);
    if (filter.status) qb.andWhere('s.status = :status', { status: filter.status });
    if (filter.tag) qb.andWhere(':tag = ANY(k.tags)', { tag: filter.tag });
    if (filter.q) {
      const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(k.serial ILIKE :like OR k.name ILIKE :like OR k.address ILIKE :like)', { like });
    }
    if (filter.firmwareVersion !== undefined)
      qb.andWhere('k.firmware_version = :firmwareVersion', { firmwareVersion: filter.firmwareVersion });
    if (filter.firmwareBelow !== undefined) {
      // Validated as semver by the DTO; a null key (non-semver or no version) never compares below.
      const below = semverSortKey(filter.firmwareBelow);
      if (below === null) throw new DomainError('invalid', 'firmwareBelow must be a semantic version');
      qb.andWhere('k.firmware_sort_key < :below', { below });
    }
    // Behind their desired settings (the kiosk_configs_drift partial index), or not behind.
    if (filter.configDrift === true) qb.andWhere('c.desired_version > c.applied_version');
    if (filter.configDrift === false)
      qb.andWhere('(c.kiosk_id IS NULL OR c.desired_version <= c.applied_version)');
    if (after)
      qb.andWhere('(k.created_at, k.id) > (:k::timestamptz, :id::int)', { k: after.k, id: after.id });
    const rows = (await qb.getMany()) as Array<
      KioskEntity & { state?: KioskStateEntity; config?: KioskConfigEntity }
    >;
    return toPage(
      rows,
      limit,
      (k) => KioskDto.from(k, k.state, k.config),
      (k) => ({ k: k.createdAt.toISOString(), id: k.id }),
    );
  }
}
