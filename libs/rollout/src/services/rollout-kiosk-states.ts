import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FINAL_COMMAND_STATUSES, KioskCommandOutcome } from '@app/contracts';
import { Batcher } from '@app/core';
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

  /**
   * One command's final status, as its event arrives: the statuses of one tick are one statement (a
   * wave's kiosks answer within seconds of one another); answers the rollouts that batch moved.
   */
  applyCommandStatus(commandId: string, outcome: KioskCommandOutcome): Promise<string[]> {
    return this.finalStatuses.submit([commandId, outcome]);
  }

  private readonly finalStatuses = new Batcher<readonly [string, KioskCommandOutcome], string[]>(
    async (batch) => {
      const moved = await this.applyCommandStatuses(batch);
      return batch.map(() => moved);
    },
  );

  /**
   * Final command statuses → kiosk states; answers the rollouts that moved. A failed kiosk's detail
   * carries its own error message (checksum mismatch, disk full…): that is what an operator acts on.
   */
  async applyCommandStatuses(
    outcomes: ReadonlyArray<readonly [string, KioskCommandOutcome]>,
  ): Promise<string[]> {
    const final = outcomes.filter(([, o]) => FINAL_COMMAND_STATUSES.includes(o.status));
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
                WHEN 'failed' THEN 'the kiosk answered error' || coalesce(': ' || nullif(s.error, ''), '')
                WHEN 'expired' THEN 'the command expired before the kiosk answered'
                WHEN 'cancelled' THEN 'the command was cancelled'
                ELSE rk.detail END,
              updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS s(command_id, status, error)
        WHERE rk.command_id = s.command_id AND rk.state = 'commanded'
        RETURNING rk.rollout_id`,
      [final.map(([id]) => id), final.map(([, o]) => o.status), final.map(([, o]) => o.error)],
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
    return version === null ? [] : this.joins.submit([kioskId, version]);
  }

  /**
   * Every kiosk joins, in a rollout or not, and after a blip thousands rejoin within seconds: the
   * joins of one tick are one statement (the latest join of a kiosk counts), each answered with the
   * rollouts it moved.
   */
  private readonly joins = new Batcher<readonly [number, string], string[]>(async (batch) => {
    const latest = new Map(batch.map(([kioskId, version]) => [kioskId, version]));
    const rows = await queryRecords<{ rollout_id: string; kiosk_id: number }>(
      this.dataSource,
      `UPDATE rollout_kiosks rk
          SET rejoined_at = CASE WHEN r.params->>'version' = j.version THEN now() ELSE rk.rejoined_at END,
              state = CASE
                WHEN rk.state = 'acked' AND r.params->>'version' = j.version THEN 'succeeded'
                WHEN rk.state = 'acked' THEN 'failed'
                ELSE rk.state END,
              detail = CASE
                WHEN rk.state = 'acked' AND r.params->>'version' IS DISTINCT FROM j.version
                  THEN 'acked success but rejoined on ' || j.version
                ELSE rk.detail END,
              updated_at = now()
         FROM unnest($1::int[], $2::text[]) AS j(kiosk_id, version), rollouts r
        WHERE rk.kiosk_id = j.kiosk_id AND r.id = rk.rollout_id AND rk.state IN ('commanded', 'acked')
          AND (rk.state = 'acked' OR r.params->>'version' = j.version)
        RETURNING rk.rollout_id, rk.kiosk_id`,
      [[...latest.keys()], [...latest.values()]],
    );
    const moved = new Map<number, Set<string>>();
    for (const r of rows) moved.set(r.kiosk_id, (moved.get(r.kiosk_id) ?? new Set()).add(r.rollout_id));
    return batch.map(([kioskId]) => [...(moved.get(kioskId) ?? [])]);
  });
}
