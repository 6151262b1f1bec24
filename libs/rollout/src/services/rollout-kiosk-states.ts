import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CommandStatus } from '@app/contracts';
import { queryRecords } from '@app/database';

/**
 * The per-kiosk transitions of a rollout, each one set-based and conditional on the state it leaves
 * (replaying an event, or catching up after one, changes nothing twice). A kiosk is updated when it
 * acked `success` AND rejoined on the rollout's version, in either order: `rejoined_at` remembers a
 * join on the new version that came before the ack was recorded.
 */
@Injectable()
export class RolloutKioskStates {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Final command statuses → kiosk states; answers the rollouts that moved. */
  async applyCommandStatuses(statuses: ReadonlyArray<readonly [string, CommandStatus]>): Promise<string[]> {
    const final = statuses.filter(([, s]) => ['succeeded', 'failed', 'expired', 'cancelled'].includes(s));
    if (!final.length) return [];
    const rows = await queryRecords<{ rollout_id: string }>(
      this.dataSource,
      `UPDATE rollout_kiosks rk
          SET state = CASE
                WHEN s.status = 'succeeded' AND rk.rejoined_at IS NOT NULL THEN 'succeeded'
                WHEN s.status = 'succeeded' THEN 'acked'
                WHEN s.status = 'cancelled' THEN 'skipped'
                ELSE 'failed' END,
              detail = CASE s.status
                WHEN 'failed' THEN 'the kiosk answered error'
                WHEN 'expired' THEN 'the command expired before the kiosk answered'
                WHEN 'cancelled' THEN 'the command was cancelled'
                ELSE rk.detail END,
              updated_at = now()
         FROM unnest($1::uuid[], $2::text[]) AS s(command_id, status)
        WHERE rk.command_id = s.command_id AND rk.state = 'commanded'
        RETURNING rk.rollout_id`,
      [final.map(([id]) => id), final.map(([, s]) => s)],
    );
    return [...new Set(rows.map((r) => r.rollout_id))];
  }

  /**
   * A join of a kiosk in an open rollout step: on the rollout's version it completes an acked kiosk
   * (or is remembered until the ack); on another version after a `success` ack, the update did not
   * take (the kiosk came back on its old firmware) and the kiosk failed. A join naming no version
   * tells nothing.
   */
  async applyJoin(kioskId: number, version: string | null): Promise<string[]> {
    if (version === null) return [];
    const rows = await queryRecords<{ rollout_id: string }>(
      this.dataSource,
      `UPDATE rollout_kiosks rk
          SET rejoined_at = CASE WHEN r.params->>'version' = $2 THEN now() ELSE rk.rejoined_at END,
              state = CASE
                WHEN rk.state = 'acked' AND r.params->>'version' = $2 THEN 'succeeded'
                WHEN rk.state = 'acked' THEN 'failed'
                ELSE rk.state END,
              detail = CASE
                WHEN rk.state = 'acked' AND r.params->>'version' IS DISTINCT FROM $2
                  THEN 'acked success but rejoined on ' || $2
                ELSE rk.detail END,
              updated_at = now()
         FROM rollouts r
        WHERE rk.kiosk_id = $1 AND r.id = rk.rollout_id AND rk.state IN ('commanded', 'acked')
          AND (rk.state = 'acked' OR r.params->>'version' = $2)
        RETURNING rk.rollout_id`,
      [kioskId, version],
    );
    return [...new Set(rows.map((r) => r.rollout_id))];
  }
}
