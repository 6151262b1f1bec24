import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryRecords } from '@app/database';
import { CONFIG_WRITE_LOCK, MAYBE_TOO_LARGE, mergedSettingsSql } from './kiosk-config-sql';

type Settings = Record<string, unknown>;

export interface KioskConfigRow {
  settings: Settings;
  desired: Settings;
  desired_version: string;
  applied_version: string;
  pending_command_id: string | null;
  pending_version: string | null;
}

/** The kiosk's config when it is behind its desired settings (the kiosk_configs_drift index). */
export type BehindKiosk = Pick<
  KioskConfigRow,
  'desired_version' | 'pending_command_id' | 'pending_version'
> & {
  kiosk_id: number;
};

/**
 * The SQL of remote configuration (`kiosk_configs`, `kiosk_tag_configs`): the config handlers and
 * KioskConfigs decide (validation, who may, when to issue), these read and write. `manager` is the
 * transaction (under the settings write lock) a handler runs the statement in.
 */
@Injectable()
export class KioskConfigRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** See CONFIG_WRITE_LOCK: held until the transaction ends, so it needs one. */
  takeConfigWriteLock(manager: EntityManager): Promise<unknown> {
    return manager.query(CONFIG_WRITE_LOCK);
  }

  async saveOwnSettings(kioskId: number, settings: Settings, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource).query(
      `INSERT INTO kiosk_configs (kiosk_id, settings) VALUES ($1, $2::jsonb)
     ON CONFLICT (kiosk_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
      [kioskId, JSON.stringify(settings)],
    );
  }

  async saveTagSettings(
    tag: string,
    settings: Settings,
    userId: string,
    manager?: EntityManager,
  ): Promise<{ settings: Settings; updated_at: Date }> {
    const [saved] = await queryRecords<{ settings: Settings; updated_at: Date }>(
      manager ?? this.dataSource,
      `INSERT INTO kiosk_tag_configs (tag, settings, updated_by) VALUES ($1, $2::jsonb, $3)
     ON CONFLICT (tag) DO UPDATE
       SET settings = EXCLUDED.settings, updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING settings, updated_at`,
      [tag, JSON.stringify(settings), userId],
    );
    return saved;
  }

  async findTagSettings(tag: string): Promise<{ settings: Settings; updated_at: Date } | undefined> {
    const [row] = await queryRecords<{ settings: Settings; updated_at: Date }>(
      this.dataSource,
      `SELECT settings, updated_at FROM kiosk_tag_configs WHERE tag = $1`,
      [tag],
    );
    return row;
  }

  async findKioskConfig(kioskId: number): Promise<KioskConfigRow | undefined> {
    const [row] = await queryRecords<KioskConfigRow>(
      this.dataSource,
      `SELECT settings, desired, desired_version, applied_version, pending_command_id, pending_version
       FROM kiosk_configs WHERE kiosk_id = $1`,
      [kioskId],
    );
    return row;
  }

  /** Of `kioskIds`, those behind their desired settings, with what was last sent them. */
  findBehindWithPending(kioskIds: readonly number[]): Promise<BehindKiosk[]> {
    return queryRecords<BehindKiosk>(
      this.dataSource,
      `SELECT kiosk_id, desired_version, pending_command_id, pending_version FROM kiosk_configs
      WHERE kiosk_id = ANY($1::int[]) AND desired_version > applied_version`,
      [kioskIds],
    );
  }

  /**
   * Of `kioskIds`, those behind their desired settings, with them, in kiosk order. `unsentOnly` leaves
   * out those already sent their desired version (by an earlier try, or by their join).
   */
  findBehindMany(
    kioskIds: readonly number[],
    unsentOnly = false,
  ): Promise<Array<{ kiosk_id: number; desired: Settings; desired_version: string }>> {
    return queryRecords(
      this.dataSource,
      `SELECT kiosk_id, desired, desired_version FROM kiosk_configs
      WHERE kiosk_id = ANY($1::int[]) AND desired_version > applied_version
        ${unsentOnly ? 'AND pending_version IS DISTINCT FROM desired_version' : ''}
      ORDER BY kiosk_id`,
      [kioskIds],
    );
  }

  /** Kiosks whose desired version is in [from, to] and was never sent them, in kiosk order. */
  async findUnsentInRange(from: number, to: number): Promise<number[]> {
    const rows = await queryRecords<{ kiosk_id: number }>(
      this.dataSource,
      `SELECT kiosk_id FROM kiosk_configs
      WHERE desired_version > applied_version AND desired_version BETWEEN $1 AND $2
        AND pending_version IS DISTINCT FROM desired_version
      ORDER BY kiosk_id`,
      [from, to],
    );
    return rows.map((r) => r.kiosk_id);
  }

  /**
   * The versions, written between `horizonHours` and `graceSec` ago, that were never sent to their
   * (live) kiosk: the span of changes whose configure job was lost. Null when there is none.
   */
  async findUnsentSpan(
    graceSec: number,
    horizonHours: number,
  ): Promise<{ from: number; to: number; kiosks: number } | null> {
    const [row] = await queryRecords<{ from: string | null; to: string | null; kiosks: number }>(
      this.dataSource,
      `SELECT min(c.desired_version) AS from, max(c.desired_version) AS to, count(*)::int AS kiosks
       FROM kiosk_configs c JOIN kiosks k ON k.id = c.kiosk_id AND k.decommissioned_at IS NULL
      WHERE c.desired_version > c.applied_version
        AND c.pending_version IS DISTINCT FROM c.desired_version
        AND c.updated_at < now() - make_interval(secs => $1)
        AND c.updated_at > now() - make_interval(hours => $2)`,
      [graceSec, horizonHours],
    );
    return row?.from && row.to ? { from: Number(row.from), to: Number(row.to), kiosks: row.kiosks } : null;
  }

  /** Whether a kiosk has settings of its own or carries a tag that has some. */
  async hasAnySettings(kioskId: number): Promise<boolean> {
    const [{ concerned }] = await queryRecords<{ concerned: boolean }>(
      this.dataSource,
      `SELECT EXISTS (SELECT 1 FROM kiosk_configs WHERE kiosk_id = $1)
         OR EXISTS (SELECT 1 FROM kiosks k JOIN kiosk_tag_configs t ON t.tag = ANY(k.tags) WHERE k.id = $1)
         AS concerned`,
      [kioskId],
    );
    return concerned;
  }

  /** Merges of the kiosks `target` names ($1 = `arg`) that may exceed `maxBytes` (see MAYBE_TOO_LARGE). */
  mergesMaybeTooLarge(
    target: string,
    arg: unknown,
    maxBytes: number,
    manager?: EntityManager,
  ): Promise<Array<{ kiosk_id: number; desired: Settings }>> {
    return queryRecords(
      manager ?? this.dataSource,
      `SELECT m.kiosk_id, m.desired FROM (${mergedSettingsSql(target)}) m WHERE ${MAYBE_TOO_LARGE}`,
      [arg, maxBytes],
    );
  }

  /** Stores the merges of the kiosks `target` names that changed, each with a new version. */
  writeChangedMerges(
    target: string,
    arg: unknown,
    manager?: EntityManager,
  ): Promise<Array<{ kiosk_id: number; desired_version: string }>> {
    return queryRecords(
      manager ?? this.dataSource,
      `INSERT INTO kiosk_configs (kiosk_id, desired, desired_version)
     SELECT m.kiosk_id, m.desired, nextval('kiosk_config_version_seq')
       FROM (${mergedSettingsSql(target)}) m
      WHERE m.desired IS DISTINCT FROM m.current
      ORDER BY m.kiosk_id
     ON CONFLICT (kiosk_id) DO UPDATE
       SET desired = EXCLUDED.desired, desired_version = EXCLUDED.desired_version, updated_at = now()
     RETURNING kiosk_id, desired_version`,
      [arg],
    );
  }

  /**
   * Which command carries which version, where the kiosk still wants that version; answers the
   * kiosks recorded. Rows are locked in kiosk order first: two batches sharing kiosks then wait
   * instead of deadlocking.
   */
  async recordPendingCommands(
    rows: ReadonlyArray<{ k: number; c: string; v: string | undefined }>,
    manager: EntityManager,
  ): Promise<number> {
    await manager.query(
      `SELECT kiosk_id FROM kiosk_configs WHERE kiosk_id = ANY($1::int[]) ORDER BY kiosk_id FOR UPDATE`,
      [rows.map((r) => r.k)],
    );
    const updated = await queryRecords<{ kiosk_id: number }>(
      manager,
      `UPDATE kiosk_configs kc SET pending_command_id = r.c, pending_version = r.v
       FROM jsonb_to_recordset($1::jsonb) AS r(k int, c uuid, v bigint)
      WHERE kc.kiosk_id = r.k AND kc.desired_version = r.v
     RETURNING kc.kiosk_id`,
      [JSON.stringify(rows)],
    );
    return updated.length;
  }

  /** The kiosk applied the version its pending configure `commandId` carries (never lowering it). */
  async recordApplied(kioskId: number, commandId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE kiosk_configs
        SET applied_version = GREATEST(applied_version, pending_version),
            pending_command_id = NULL, pending_version = NULL
      WHERE kiosk_id = $1 AND pending_command_id = $2::uuid`,
      [kioskId, commandId],
    );
  }
}
