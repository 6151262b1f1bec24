import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RolloutHold, RolloutStatus, RolloutUpdatedPayload } from '@app/contracts';
import { queryRecords } from '@app/database';
import type { RolloutDto, RolloutWaveDto } from '../dto/rollout.dto';

export interface RolloutRow {
  id: string;
  name: string;
  command: 'update';
  params: RolloutDto['params'];
  target: RolloutDto['target'];
  waves: number[];
  failure_threshold: number;
  wait_seconds: number;
  respect_maintenance_windows: boolean;
  status: RolloutStatus;
  current_wave: number | null;
  reason: string | null;
  held_by: RolloutHold | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

interface WaveRow {
  index: number;
  kiosks: number;
  succeeded: number;
  failed: number;
  pending: number;
  started_at: Date | null;
  finished_at: Date | null;
}

/** Reads rollouts with their waves' progress: one query for the rows, one GROUP BY for the counts. */
@Injectable()
export class RolloutReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<RolloutDto | null> {
    const [row] = await queryRecords<RolloutRow>(manager, `SELECT * FROM rollouts WHERE id = $1`, [id]);
    if (!row) return null;
    return this.view(row, (await this.waves(manager, [id])).get(id) ?? []);
  }

  async views(rows: RolloutRow[]): Promise<RolloutDto[]> {
    const waves = await this.waves(
      this.dataSource.manager,
      rows.map((r) => r.id),
    );
    return rows.map((r) => this.view(r, waves.get(r.id) ?? []));
  }

  private async waves(manager: EntityManager, ids: string[]): Promise<Map<string, WaveRow[]>> {
    const rows = await queryRecords<WaveRow & { rollout_id: string }>(
      manager,
      `SELECT w.rollout_id, w.index, w.kiosks, w.started_at, w.finished_at,
              count(k.kiosk_id) FILTER (WHERE k.state = 'succeeded')::int AS succeeded,
              count(k.kiosk_id) FILTER (WHERE k.state = 'failed')::int AS failed,
              count(k.kiosk_id) FILTER (WHERE k.state IN ('waiting', 'commanded', 'acked'))::int AS pending
         FROM rollout_waves w
         LEFT JOIN rollout_kiosks k ON k.rollout_id = w.rollout_id AND k.wave = w.index
        WHERE w.rollout_id = ANY ($1::uuid[])
        GROUP BY w.rollout_id, w.index ORDER BY w.rollout_id, w.index`,
      [ids],
    );
    const byRollout = new Map<string, WaveRow[]>();
    for (const r of rows) {
      const list = byRollout.get(r.rollout_id) ?? [];
      list.push(r);
      byRollout.set(r.rollout_id, list);
    }
    return byRollout;
  }

  private view(r: RolloutRow, waves: WaveRow[]): RolloutDto {
    return {
      id: r.id,
      name: r.name,
      status: r.status,
      command: r.command,
      params: r.params,
      target: r.target,
      wavePercents: r.waves,
      failureThreshold: r.failure_threshold,
      waitSeconds: r.wait_seconds,
      respectMaintenanceWindows: r.respect_maintenance_windows,
      currentWave: r.status === 'running' || r.status === 'paused' ? r.current_wave : null,
      reason: r.reason,
      heldBy: r.status === 'running' ? r.held_by : null,
      kiosks: waves.reduce((n, w) => n + w.kiosks, 0),
      waves: waves.map(waveView),
      createdBy: r.created_by,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      startedAt: r.started_at?.toISOString() ?? null,
      finishedAt: r.finished_at?.toISOString() ?? null,
    };
  }
}

function waveView(w: WaveRow): RolloutWaveDto {
  return {
    index: w.index,
    kiosks: w.kiosks,
    succeeded: w.succeeded,
    failed: w.failed,
    pending: w.pending,
    ...(w.started_at && { startedAt: w.started_at.toISOString() }),
    ...(w.finished_at && { finishedAt: w.finished_at.toISOString() }),
  };
}

/** The feed and webhook payload of a rollout. */
export function updatedPayload(r: RolloutDto): RolloutUpdatedPayload {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    currentWave: r.currentWave,
    waves: r.waves,
    reason: r.reason,
    at: new Date().toISOString(),
  };
}
