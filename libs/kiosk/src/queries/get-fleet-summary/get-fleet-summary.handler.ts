import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GetFleetSummaryQuery, KIOSK_STATUSES } from '@app/contracts';
import { FleetSellCountsDto, FleetStatusCountsDto, FleetSummaryDto } from '../../dto/fleet-summary.dto';
import { KioskDto } from '../../dto/kiosk.dto';
import { readAttention, readStatusSellCounts } from './fleet-summary.sql';

/**
 * The overview's numbers in two set-based statements instead of the whole fleet sent to the browser:
 * one GROUP BY (status, can_sell) over the visible kiosks, folded here into the two count tables
 * (at most 6 × 5 rows), and one ordered, limited read of the kiosks that need attention.
 */
@QueryHandler(GetFleetSummaryQuery)
export class GetFleetSummaryHandler implements IQueryHandler<GetFleetSummaryQuery, FleetSummaryDto> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ user, attentionLimit }: GetFleetSummaryQuery): Promise<FleetSummaryDto> {
    const [groups, attention] = await Promise.all([
      readStatusSellCounts(this.dataSource, user),
      attentionLimit > 0 ? this.attention(user, attentionLimit) : Promise.resolve([]),
    ]);
    const byStatus = Object.fromEntries(KIOSK_STATUSES.map((s) => [s, 0])) as unknown as FleetStatusCountsDto;
    const bySell: FleetSellCountsDto = { full: 0, card_only: 0, cash_only: 0, none: 0, unknown: 0 };
    let total = 0;
    for (const g of groups) {
      byStatus[g.status] += g.count;
      if (g.status === 'decommissioned') continue;
      total += g.count;
      bySell[g.canSell ?? 'unknown'] += g.count;
    }
    return { total, byStatus, bySell, attention };
  }

  private async attention(user: GetFleetSummaryQuery['user'], limit: number): Promise<KioskDto[]> {
    const rows = await readAttention(this.dataSource, user, limit);
    return rows.map((k) => KioskDto.from(k, k.state, k.config));
  }
}
