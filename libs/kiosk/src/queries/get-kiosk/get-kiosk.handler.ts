import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KioskStateEntity } from '../../entities/kiosk-state.entity';
import { KioskEntity } from '../../entities/kiosk.entity';
import { assertVisible } from '../../services/kiosk-access';
import { GetKioskQuery } from './get-kiosk.query';

export interface KioskWithState {
  kiosk: KioskEntity;
  state: KioskStateEntity;
}

@QueryHandler(GetKioskQuery)
export class GetKioskHandler implements IQueryHandler<GetKioskQuery, KioskWithState> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ user, kioskId }: GetKioskQuery): Promise<KioskWithState> {
    const kiosk = assertVisible(
      await this.dataSource.getRepository(KioskEntity).findOneBy({ id: kioskId }),
      user,
    );
    const state = await this.dataSource.getRepository(KioskStateEntity).findOneByOrFail({ kioskId });
    return { kiosk, state };
  }
}
