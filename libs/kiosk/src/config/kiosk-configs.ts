import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, DomainError, InjectAppConfig, SETTINGS_MAX_BYTES, settingsBytes } from '@app/core';
import { ReplaceKioskCommandsCommand, ReplacedKioskCommands } from '@app/contracts';
import { queryRecords } from '@app/database';
import { CONFIG_WRITE_LOCK, MAYBE_TOO_LARGE, mergedSettingsSql } from './kiosk-config-sql';

/** A configure command waits up to a day for an offline kiosk; after that its next join issues anew. */
export const CONFIGURE_TTL_SEC = 86_400;
/** Kiosks per configure batch: one transaction each, so 10,000 kiosks are ten of them. */
const ISSUE_CHUNK = 1_000;
/** A batch whose kiosks' desired version moved on while it was issued is read again, this often. */
const STALE_RETRIES = 3;

class StaleDesiredVersion extends Error {}

export interface DesiredChange {
  kioskId: number;
  version: number;
}

/**
 * Remote configuration's writes: merging each kiosk's desired settings from its tags' and its own
 * (kiosk-config-sql.ts), and issuing `configure` through the command module for the kiosks behind.
 */
@Injectable()
export class KioskConfigs {
  private readonly logger = new Logger(KioskConfigs.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandBus,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  /** Runs `work` under the settings write lock (see CONFIG_WRITE_LOCK), in one transaction. */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(CONFIG_WRITE_LOCK);
      return work(manager);
    });
  }

  /**
   * Recomputes the desired settings of the kiosks `target` names ($1 = `arg`); those whose merged
   * settings changed get them with a new version. Refuses (422) when a merge would exceed what a
   * `configure` may carry. Set-based: three statements whatever the number of kiosks.
   */
  async recompute(manager: EntityManager, target: string, arg: unknown): Promise<DesiredChange[]> {
    const suspects = await queryRecords<{ kiosk_id: number; desired: Record<string, unknown> }>(
      manager,
      `SELECT m.kiosk_id, m.desired FROM (${mergedSettingsSql(target)}) m WHERE ${MAYBE_TOO_LARGE}`,
      [arg, SETTINGS_MAX_BYTES],
    );
    const tooLarge = suspects.filter((s) => settingsBytes(s.desired) > SETTINGS_MAX_BYTES);
    if (tooLarge.length) {
      throw new DomainError(
        'unprocessable',
        `The merged settings of ${tooLarge.length} kiosk(s) would exceed ${SETTINGS_MAX_BYTES} bytes`,
        tooLarge.slice(0, 10).map((s) => ({
          field: 'settings',
          message: `kiosk ${s.kiosk_id}: merged settings would take ${settingsBytes(s.desired)} bytes`,
        })),
      );
    }
    const rows = await queryRecords<{ kiosk_id: number; desired_version: string }>(
      manager,
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
    return rows.map((r) => ({ kioskId: r.kiosk_id, version: Number(r.desired_version) }));
  }

  /**
   * Sends `configure` with its current desired settings to each kiosk that is behind them, replacing
   * any configure it still has open. `issuedBy`: the user whose change it is, null for the system.
   * Answers how many commands were issued. Without the command module, nothing is sent: the desired
   * state is kept and goes out once commands run.
   */
  async issue(kioskIds: readonly number[], issuedBy: string | null): Promise<number> {
    if (!this.config.enabledModules.has('command') || !kioskIds.length) return 0;
    let issued = 0;
    for (let i = 0; i < kioskIds.length; i += ISSUE_CHUNK) {
      issued += await this.issueChunk(kioskIds.slice(i, i + ISSUE_CHUNK), issuedBy);
    }
    return issued;
  }

  private async issueChunk(kioskIds: number[], issuedBy: string | null): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const behind = await queryRecords<{
        kiosk_id: number;
        desired: Record<string, unknown>;
        desired_version: string;
      }>(
        this.dataSource,
        `SELECT kiosk_id, desired, desired_version FROM kiosk_configs
          WHERE kiosk_id = ANY($1::int[]) AND desired_version > applied_version ORDER BY kiosk_id`,
        [kioskIds],
      );
      if (!behind.length) return 0;
      const versions = behind.map((b) => ({ k: b.kiosk_id, v: b.desired_version }));
      try {
        const r = await this.commands.execute<ReplaceKioskCommandsCommand, ReplacedKioskCommands>(
          new ReplaceKioskCommandsCommand(
            'configure',
            behind.map((b) => ({
              kioskId: b.kiosk_id,
              params: { version: Number(b.desired_version), settings: b.desired },
            })),
            CONFIGURE_TTL_SEC,
            issuedBy,
            (manager, commands) => this.recordPending(manager, commands, versions),
          ),
        );
        return r.issued.length;
      } catch (e) {
        // Another change moved some kiosk on meanwhile (and issues its own configure): read again.
        if (!(e instanceof StaleDesiredVersion) || attempt >= STALE_RETRIES) throw e;
        this.logger.debug(`configure batch of ${kioskIds.length} kiosk(s) went stale; reading again`);
      }
    }
  }

  /**
   * In the command's transaction: which command carries which version, so its success ack sets
   * the applied version. Every kiosk must still want the version it is sent, or nothing is issued.
   */
  private async recordPending(
    manager: EntityManager,
    commands: ReadonlyArray<{ kioskId: number; commandId: string }>,
    versions: ReadonlyArray<{ k: number; v: string }>,
  ): Promise<void> {
    const versionOf = new Map(versions.map((x) => [x.k, x.v]));
    const rows = commands.map((c) => ({ k: c.kioskId, c: c.commandId, v: versionOf.get(c.kioskId) }));
    // Rows locked in kiosk order first: two batches sharing kiosks then wait instead of deadlocking.
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
    if (updated.length !== rows.length) throw new StaleDesiredVersion();
  }
}
