import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { KioskCommandName } from '@app/contracts';
import { CommandBatchEntity } from '../entities/command-batch.entity';

/** The statements of the command-batch aggregate (`command_batches`) that the command handlers run. */
@Injectable()
export class CommandBatchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A `POST /commands/bulk` batch, before its fan-out. */
  create(batch: Omit<CommandBatchEntity, 'id'>): Promise<CommandBatchEntity> {
    return this.dataSource.getRepository(CommandBatchEntity).save(batch);
  }

  /**
   * A batch issued by another module, fanned out at once: a repeated call with the same id adds
   * its kiosks to the batch's list (each kiosk once).
   */
  async upsertFannedOut(
    manager: EntityManager,
    b: {
      id: string;
      command: KioskCommandName;
      params: unknown;
      kioskIds: number[];
      ttlSeconds: number;
      createdBy: string | null;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO command_batches (id, command, params, target, kiosk_ids, ttl_seconds, count, created_by, fanned_out_at)
       VALUES ($1, $2, $3, jsonb_build_object('kioskIds', $4::int[]), $4::int[], $5, cardinality($4::int[]), $6, now())
       ON CONFLICT (id) DO UPDATE
         SET kiosk_ids = ARRAY(SELECT DISTINCT unnest(command_batches.kiosk_ids || EXCLUDED.kiosk_ids)),
             count = cardinality(ARRAY(SELECT DISTINCT unnest(command_batches.kiosk_ids || EXCLUDED.kiosk_ids))),
             fanned_out_at = now()`,
      [b.id, b.command, JSON.stringify(b.params), b.kioskIds, b.ttlSeconds, b.createdBy],
    );
  }
}
