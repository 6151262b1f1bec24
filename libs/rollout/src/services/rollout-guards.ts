import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, InjectAppConfig } from '@app/core';
import { CountKioskAlertsQuery, CountKioskSalesQuery, RolloutHold } from '@app/contracts';
import { queryRecords } from '@app/database';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/**
 * The guards beyond waits and thresholds (issue 20): the next wave does not start while the
 * previous wave's kiosks
 * - raise more alerts than before the update: alerts first seen since the wave started, against
 *   the same span just before it (so "per kiosk" compares like with like: same kiosks, same length);
 * - sell less: sales in the hour after the wave started (as much of it as has passed) against the
 *   same span a week earlier, only when that week-old span has sales (no history, no verdict).
 * Each asks the module that owns the facts (alert, payment); a module not enabled has no verdict.
 */
@Injectable()
export class RolloutGuards {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async check(rolloutId: string, wave: { index: number; started_at: Date }): Promise<RolloutHold | null> {
    const kioskIds = (
      await queryRecords<{ kiosk_id: number }>(
        this.dataSource,
        `SELECT kiosk_id FROM rollout_kiosks WHERE rollout_id = $1 AND wave = $2`,
        [rolloutId, wave.index],
      )
    ).map((k) => k.kiosk_id);
    if (!kioskIds.length) return null;
    const now = new Date();
    const started = wave.started_at;
    const n = kioskIds.length;

    if (this.config.enabledModules.has('alert')) {
      const span = now.getTime() - started.getTime();
      const [after, before] = await Promise.all([
        this.queries.execute<CountKioskAlertsQuery, number>(
          new CountKioskAlertsQuery(kioskIds, started, now),
        ),
        this.queries.execute<CountKioskAlertsQuery, number>(
          new CountKioskAlertsQuery(kioskIds, new Date(started.getTime() - span), started),
        ),
      ]);
      if (after > before) {
        return {
          guard: 'alerts',
          detail:
            `wave ${wave.index}'s ${n} kiosk(s) raised ${after} alert(s) since it started ` +
            `(${perKiosk(after, n)} per kiosk), ${before} in as long before (${perKiosk(before, n)} per kiosk)`,
        };
      }
    }
    if (this.config.enabledModules.has('payment')) {
      const end = new Date(Math.min(now.getTime(), started.getTime() + HOUR_MS));
      const [after, weekBefore] = await Promise.all([
        this.queries.execute<CountKioskSalesQuery, number>(new CountKioskSalesQuery(kioskIds, started, end)),
        this.queries.execute<CountKioskSalesQuery, number>(
          new CountKioskSalesQuery(
            kioskIds,
            new Date(started.getTime() - WEEK_MS),
            new Date(end.getTime() - WEEK_MS),
          ),
        ),
      ]);
      if (weekBefore > 0 && after < weekBefore) {
        return {
          guard: 'sales',
          detail:
            `wave ${wave.index}'s ${n} kiosk(s) made ${after} sale(s) since it started ` +
            `(${perKiosk(after, n)} per kiosk), ${weekBefore} in the same span a week before ` +
            `(${perKiosk(weekBefore, n)} per kiosk)`,
        };
      }
    }
    return null;
  }
}

const perKiosk = (count: number, kiosks: number) => (count / kiosks).toFixed(2);
