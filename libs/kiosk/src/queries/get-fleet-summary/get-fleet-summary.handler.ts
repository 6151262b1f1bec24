import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GetFleetSummaryQuery, KIOSK_STATUSES, KioskStatus, SellCapability } from '@app/contracts';
import { FleetSellCountsDto, FleetStatusCountsDto, FleetSummaryDto } from '../../dto/fleet-summary.dto';
import { KioskDto } from '../../dto/kiosk.dto';
import { KioskConfigEntity } from '../../entities/kiosk-config.entity';
import { KioskStateEntity } from '../../entities/kiosk-state.entity';
import { KioskEntity } from '../../entities/kiosk.entity';
import { restrictToVisible } from '../../services/kiosk-access';

/** A kiosk without a state row reads as KioskDto.from shows it: decommissioned or offline. */
export const EFFECTIVE_STATUS = `COALESCE(s.status, CASE WHEN k.decommissioned_at IS NOT NULL THEN 'decommissioned' ELSE 'offline' END)`;

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
      this.counts(user),
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

  private counts(user: GetFleetSummaryQuery['user']) {
    const qb = this.dataSource
      .getRepository(KioskEntity)
      .createQueryBuilder('k')
      .leftJoin(KioskStateEntity, 's', 's.kiosk_id = k.id')
      .select(EFFECTIVE_STATUS, 'status')
      .addSelect('s.can_sell', 'canSell')
      .addSelect('count(*)::int', 'count')
      .groupBy('1')
      .addGroupBy('2');
    restrictToVisible(qb, user);
    return qb.getRawMany<{ status: KioskStatus; canSell: SellCapability | null; count: number }>();
  }

  /** Blocked, then offline, then stale; the longest silent first, never seen before all (as the dashboard did). */
  private async attention(user: GetFleetSummaryQuery['user'], limit: number): Promise<KioskDto[]> {
    const qb = this.dataSource
      .getRepository(KioskEntity)
      .createQueryBuilder('k')
      .innerJoinAndMapOne('k.state', KioskStateEntity, 's', 's.kiosk_id = k.id')
      .leftJoinAndMapOne('k.config', KioskConfigEntity, 'c', 'c.kiosk_id = k.id')
      .where(`s.status IN ('blocked', 'offline', 'stale')`)
      .orderBy(`CASE s.status WHEN 'blocked' THEN 0 WHEN 'offline' THEN 1 ELSE 2 END`, 'ASC')
      .addOrderBy('s.last_seen_at', 'ASC', 'NULLS FIRST')
      .addOrderBy('k.id', 'ASC')
      .limit(limit);
    restrictToVisible(qb, user);
    const rows = (await qb.getMany()) as Array<
      KioskEntity & { state?: KioskStateEntity; config?: KioskConfigEntity }
    >;
    return rows.map((k) => KioskDto.from(k, k.state, k.config));
  }
}
