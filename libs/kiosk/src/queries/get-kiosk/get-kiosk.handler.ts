import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KioskConfigEntity } from '../../entities/kiosk-config.entity';
import { KioskStateEntity } from '../../entities/kiosk-state.entity';
import { KioskEntity } from '../../entities/kiosk.entity';
import { KioskRepository } from '../../registry/kiosk.repository';
import { assertVisible } from '../../services/kiosk-access';
import { GetKioskQuery } from './get-kiosk.query';
import { readStateAndConfig } from './kiosk-state-and-config.sql';

export interface KioskWithState {
  kiosk: KioskEntity;
  state: KioskStateEntity;
  /** Null until the kiosk has settings (versions 0). */
  config?: KioskConfigEntity | null;
}

@QueryHandler(GetKioskQuery)
export class GetKioskHandler implements IQueryHandler<GetKioskQuery, KioskWithState> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kiosks: KioskRepository,
  ) {}

  async execute({ user, kioskId }: GetKioskQuery): Promise<KioskWithState> {
    const kiosk = assertVisible(await this.kiosks.find(kioskId), user);
    const [state, config] = await readStateAndConfig(this.dataSource, kioskId);
    return { kiosk, state, config };
  }
}
