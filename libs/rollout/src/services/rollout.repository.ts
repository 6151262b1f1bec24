import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { RolloutStatus } from '@app/contracts';
import { queryRecords } from '@app/database';
import type { CreateRolloutDto } from '../dto/create-rollout.dto';

export interface NewRollout {
  body: CreateRolloutDto;
  createdBy: string;
  /** Kiosk ids in command order, and the wave of each. */
  order: readonly number[];
  waveOf: readonly number[];
  /** Kiosks per wave. */
  sizes: readonly number[];
}

/**
 * The writes of the rollout aggregate (`rollouts` with its `rollout_waves` and `rollout_kiosks`)
 * that the create and status handlers make; the handlers decide (validation, the plan, which
 * transition), these write. `manager` is the transaction a handler runs the statement in. The
 * engine's own steps stay in RolloutEngine and RolloutKioskStates.
 */
@Injectable()
export class RolloutRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The draft, its waves and its kiosks: three set-based INSERTs whatever the fleet size, in the
   * caller's transaction so a half-written rollout is never seen. Answers its id.
   */
  async insert(r: NewRollout, manager: EntityManager): Promise<string> {
    const { body } = r;
    const [row] = await queryRecords<{ id: string }>(
      manager,
      `INSERT INTO rollouts (name, command, params, target, waves, failure_threshold, wait_seconds,
                           respect_maintenance_windows, created_by)
     VALUES ($1, 'update', $2, $3, $4::smallint[], $5, $6, $7, $8) RETURNING id`,
      [
        body.name,
        JSON.stringify(body.params),
        JSON.stringify(body.target),
        body.waves,
        body.failureThreshold,
        body.waitSeconds,
        body.respectMaintenanceWindows ?? false,
        r.createdBy,
      ],
    );
    await manager.query(
      `INSERT INTO rollout_waves (rollout_id, index, kiosks)
     SELECT $1, i - 1, n FROM unnest($2::int[]) WITH ORDINALITY AS s(n, i)`,
      [row.id, r.sizes],
    );
    await manager.query(
      `INSERT INTO rollout_kiosks (rollout_id, kiosk_id, wave, position)
     SELECT $1, k, w, i FROM unnest($2::int[], $3::int[]) WITH ORDINALITY AS s(k, w, i)`,
      [row.id, r.order, r.waveOf],
    );
    return row.id;
  }

  /**
   * Moves the rollout to `to` when its status is one of `from` (one conditional UPDATE, so two
   * admins racing move it once); answers whether it moved. Running stamps the start and the first
   * wave once; cancelled stamps the end and the reason.
   */
  async transition(
    id: string,
    to: RolloutStatus,
    from: readonly RolloutStatus[],
    manager?: EntityManager,
  ): Promise<boolean> {
    const rows = await queryRecords<{ id: string }>(
      manager ?? this.dataSource,
      `UPDATE rollouts
        SET status = $2, updated_at = now(),
            started_at = CASE WHEN $2 = 'running' THEN COALESCE(started_at, now()) ELSE started_at END,
            current_wave = CASE WHEN $2 = 'running' THEN COALESCE(current_wave, 0) ELSE current_wave END,
            finished_at = CASE WHEN $2 = 'cancelled' THEN now() ELSE finished_at END,
            reason = CASE WHEN $2 = 'cancelled' THEN 'cancelled by an admin' ELSE reason END
      WHERE id = $1 AND status = ANY ($3::text[])
      RETURNING id`,
      [id, to, from],
    );
    return rows.length > 0;
  }

  async findStatus(id: string, manager?: EntityManager): Promise<RolloutStatus | undefined> {
    const [row] = await queryRecords<{ status: RolloutStatus }>(
      manager ?? this.dataSource,
      `SELECT status FROM rollouts WHERE id = $1`,
      [id],
    );
    return row?.status;
  }
}
