import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ListVisibleKioskIdsQuery } from '@app/contracts';
import { KioskEntity } from '../../entities/kiosk.entity';
import { restrictToVisible } from '../../services/kiosk-access';

/** Which kiosk rooms of the admin feed a user's socket joins. Decommissioned kiosks stay visible. */
@QueryHandler(ListVisibleKioskIdsQuery)
export class ListVisibleKioskIdsHandler implements IQueryHandler<ListVisibleKioskIdsQuery, number[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ user }: ListVisibleKioskIdsQuery): Promise<number[]> {
    const qb = this.dataSource.getRepository(KioskEntity).createQueryBuilder('k').select('k.id', 'id');
    const rows = await restrictToVisible(qb, user).orderBy('k.id').getRawMany<{ id: number }>();
    return rows.map((r) => r.id);
  }
}
