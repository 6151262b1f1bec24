import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, DomainError, InjectAppConfig, SETTINGS_MAX_BYTES, settingsBytes } from '@app/core';
import { ReplaceKioskCommandsCommand, ReplacedKioskCommands } from '@app/contracts';
import { KioskConfigRepository } from './kiosk-config.repository';

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
    private readonly repository: KioskConfigRepository,
    private readonly commands: CommandBus,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  /** Runs `work` under the settings write lock (see CONFIG_WRITE_LOCK), in one transaction. */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await this.repository.takeConfigWriteLock(manager);
      return work(manager);
    });
  }

  /**
   * Recomputes the desired settings of the kiosks `target` names ($1 = `arg`); those whose merged
   * settings changed get them with a new version. Refuses (422) when a merge would exceed what a
   * `configure` may carry. Set-based: three statements whatever the number of kiosks.
   */
  async recompute(manager: EntityManager, target: string, arg: unknown): Promise<DesiredChange[]> {
    const suspects = await this.repository.mergesMaybeTooLarge(target, arg, SETTINGS_MAX_BYTES, manager);
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
    const rows = await this.repository.writeChangedMerges(target, arg, manager);
    return rows.map((r) => ({ kioskId: r.kiosk_id, version: Number(r.desired_version) }));
  }

  /**
   * Sends `configure` with its current desired settings to each kiosk that is behind them, replacing
   * any configure it still has open. `issuedBy`: the user whose change it is, null for the system.
   * Answers how many commands were issued. Without the command module, nothing is sent: the desired
   * state is kept and goes out once commands run. `unsentOnly`: kiosks already sent their desired
   * version are left alone (a fan-out job retried, or overtaken by the kiosk's join).
   */
  async issue(kioskIds: readonly number[], issuedBy: string | null, unsentOnly = false): Promise<number> {
    if (!this.config.enabledModules.has('command') || !kioskIds.length) return 0;
    let issued = 0;
    for (let i = 0; i < kioskIds.length; i += ISSUE_CHUNK) {
      issued += await this.issueChunk(kioskIds.slice(i, i + ISSUE_CHUNK), issuedBy, unsentOnly);
    }
    return issued;
  }

  private async issueChunk(
    kioskIds: number[],
    issuedBy: string | null,
    unsentOnly: boolean,
  ): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const behind = await this.repository.findBehindMany(kioskIds, unsentOnly);
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
    const updated = await this.repository.recordPendingCommands(rows, manager);
    if (updated !== rows.length) throw new StaleDesiredVersion();
  }
}
