import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ListKioskMapPointsQuery } from '@app/contracts';
import { KioskMapPointsDto } from '../../dto/fleet-summary.dto';
import { readKioskMapPoints } from './kiosk-map-points.sql';

/**
 * The visible fleet as map dots, one statement, only the columns a dot and its tooltip need: the map
 * reads 10,000 kiosks in one response instead of fifty pages of whole kiosk resources.
 */
@QueryHandler(ListKioskMapPointsQuery)
export class ListKioskMapPointsHandler implements IQueryHandler<ListKioskMapPointsQuery, KioskMapPointsDto> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ user }: ListKioskMapPointsQuery): Promise<KioskMapPointsDto> {
    return { items: await readKioskMapPoints(this.dataSource, user) };
  }
}
