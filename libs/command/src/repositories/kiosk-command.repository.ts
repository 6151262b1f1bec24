import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CommandStatus, KioskCommandName } from '@app/contracts';
import { queryRecords } from '@app/database';
import { KioskCommandEntity } from '../entities/kiosk-command.entity';
import { ChangedCommand, CHANGED_RETURNING } from '../services/command-events';

/** A kiosk_commands row as INSERT … RETURNING * gives it (snake_case). */
export interface KioskCommandRow {
  id: string;
  kiosk_id: number;
  command: KioskCommandEntity['command'];
  params: Record<string, unknown>;
  status: KioskCommandEntity['status'];
  ttl_seconds: number;
  expires_at: Date;
  created_at: Date;
  created_by: string | null;
  idempotency_key: string | null;
  batch_id: string | null;
  hold_reason: string | null;
  deliveries: number;
  sent_at: Date | null;
  acknowledged_at: Date | null;
  completed_at: Date | null;
  error: string | null;
}

/** What a claim returns besides the change: the wire needs it, straight from RETURNING. */
export interface ClaimedColumns {
  params: Record<string, unknown>;
  expires_at: Date;
  created_at: Date;
}

export interface ClaimFilter {
  live: number[];
  statuses: readonly string[];
  inMaintenance: number[];
  deliveredDuringMaintenance: readonly KioskCommandName[];
  inPaymentSession: number[];
  heldDuringPaymentSession: readonly KioskCommandName[];
  holdMaxSec: number;
  exceptIds: readonly string[];
}

export interface NewKioskCommand {
  kioskId: number;
  command: KioskCommandName;
  params: unknown;
  ttlSeconds: number;
  createdBy: string;
  idempotencyKey: string | null;
  requestHash: Buffer;
}

export interface CommandAck {
  commandId: string | null;
  kioskId: number;
  command: KioskCommandName;
  to: CommandStatus;
  final: boolean;
  error: string | null;
  from: CommandStatus[];
}

export type IdentifiedCommandAck = CommandAck & { commandId: string };

/** recordAck's UPDATE for a batch of acks by command id (a kiosk moves only its own commands). */
const RECORD_ACKS = `WITH v AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb)
             AS v(id uuid, kiosk_id int, "to" text, final bool, error text, "from" text[])),
         old AS (SELECT c.id, c.status FROM kiosk_commands c JOIN v ON v.id = c.id AND v.kiosk_id = c.kiosk_id
                  ORDER BY c.id FOR UPDATE OF c)
         UPDATE kiosk_commands c
            SET status = v."to",
                acknowledged_at = coalesce(c.acknowledged_at, now()),
                completed_at = CASE WHEN v.final THEN now() ELSE c.completed_at END,
                error = CASE WHEN v."to" = 'failed' THEN v.error ELSE c.error END
           FROM v, old
          WHERE c.id = v.id AND old.id = v.id AND old.status = ANY(v."from")
          RETURNING ${CHANGED_RETURNING}`;

/**
 * The statements of the kiosk-command aggregate (`kiosk_commands`) that the command handlers run.
 * A transition locks the old row in a CTE so RETURNING reports the previous status (CHANGED_RETURNING).
 * `manager` is the transaction a handler runs the statement in.
 */
@Injectable()
export class KioskCommandRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async holdForMaintenance(
    kioskIds: number[],
    statuses: readonly string[],
    reason: string,
    deliveredDuringMaintenance: readonly KioskCommandName[],
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE kiosk_commands SET hold_reason = $3
        WHERE kiosk_id = ANY($1::int[]) AND status = ANY($2::text[]) AND NOT (command = ANY($4::text[]))
          AND hold_reason IS NULL`,
      [kioskIds, statuses, reason, deliveredDuringMaintenance],
    );
  }

  /** Pending ones only, and only those younger than the hold deadline. */
  async holdForPaymentSession(
    kioskIds: number[],
    reason: string,
    heldDuringPaymentSession: readonly KioskCommandName[],
    holdMaxSec: number,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE kiosk_commands SET hold_reason = $2
        WHERE kiosk_id = ANY($1::int[]) AND status = 'pending' AND command = ANY($3::text[])
          AND hold_reason IS NULL AND created_at > now() - make_interval(secs => $4)`,
      [kioskIds, reason, heldDuringPaymentSession, holdMaxSec],
    );
  }

  async releaseHold(kioskId: number, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE kiosk_commands SET hold_reason = NULL WHERE kiosk_id = $1 AND status = 'pending' AND hold_reason = $2`,
      [kioskId, reason],
    );
  }

  /** Marks the deliverable commands sent; SKIP LOCKED leaves ones another claim holds to it. */
  claim(f: ClaimFilter): Promise<Array<ChangedCommand & ClaimedColumns>> {
    return queryRecords<ChangedCommand & ClaimedColumns>(
      this.dataSource,
      `WITH old AS (
         SELECT id, status FROM kiosk_commands
          WHERE kiosk_id = ANY($1::int[]) AND status = ANY($2::text[]) AND expires_at > now()
            AND (NOT kiosk_id = ANY($3::int[]) OR command = ANY($4::text[]))
            AND NOT (kiosk_id = ANY($5::int[]) AND status = 'pending' AND command = ANY($6::text[])
                     AND created_at > now() - make_interval(secs => $7))
            AND NOT (id = ANY($8::uuid[]))
          ORDER BY created_at, id
          FOR UPDATE SKIP LOCKED)
       UPDATE kiosk_commands c
          SET status = 'sent', sent_at = now(), deliveries = c.deliveries + 1, hold_reason = NULL
         FROM old WHERE c.id = old.id
       RETURNING ${CHANGED_RETURNING}, c.params, c.expires_at, c.created_at`,
      [
        f.live,
        f.statuses,
        f.inMaintenance,
        f.deliveredDuringMaintenance,
        f.inPaymentSession,
        f.heldDuringPaymentSession,
        f.holdMaxSec,
        f.exceptIds,
      ],
    );
  }

  findById(id: string): Promise<KioskCommandEntity | null> {
    return this.dataSource.getRepository(KioskCommandEntity).findOneBy({ id });
  }

  findByIdOrFail(id: string): Promise<KioskCommandEntity> {
    return this.dataSource.getRepository(KioskCommandEntity).findOneByOrFail({ id });
  }

  /** Empty when the command is already final. */
  cancel(id: string): Promise<ChangedCommand[]> {
    return queryRecords<ChangedCommand>(
      this.dataSource,
      `WITH old AS (SELECT id, status FROM kiosk_commands WHERE id = $1 FOR UPDATE)
       UPDATE kiosk_commands c SET status = 'cancelled', completed_at = now()
         FROM old WHERE c.id = old.id AND old.status IN ('pending', 'sent', 'acknowledged')
       RETURNING ${CHANGED_RETURNING}`,
      [id],
    );
  }

  /** The ones not yet final, in one statement (locked in id order: no deadlock with another list). */
  cancelMany(ids: readonly string[]): Promise<ChangedCommand[]> {
    return queryRecords<ChangedCommand>(
      this.dataSource,
      `WITH old AS (SELECT id, status FROM kiosk_commands
                     WHERE id = ANY ($1::uuid[]) AND status IN ('pending', 'sent', 'acknowledged')
                     ORDER BY id FOR UPDATE)
       UPDATE kiosk_commands c SET status = 'cancelled', completed_at = now()
         FROM old WHERE c.id = old.id
       RETURNING ${CHANGED_RETURNING}`,
      [ids],
    );
  }

  /** Cancels the kiosks' unfinished commands of that name, keeping `error` as the reason. */
  supersede(
    manager: EntityManager,
    kioskIds: number[],
    command: KioskCommandName,
    error: string,
  ): Promise<ChangedCommand[]> {
    return queryRecords<ChangedCommand>(
      manager,
      `WITH old AS (
         SELECT id, status FROM kiosk_commands
          WHERE kiosk_id = ANY($1::int[]) AND command = $2 AND status IN ('pending', 'sent', 'acknowledged')
          ORDER BY id FOR UPDATE)
       UPDATE kiosk_commands c SET status = 'cancelled', completed_at = now(), error = $3
         FROM old WHERE c.id = old.id
       RETURNING ${CHANGED_RETURNING}`,
      [kioskIds, command, error],
    );
  }

  /** One INSERT for all kiosks, each with its own params (jsonb_to_recordset). */
  insertPerKiosk(
    manager: EntityManager,
    items: ReadonlyArray<{ kioskId: number; params: unknown }>,
    command: KioskCommandName,
    ttlSeconds: number,
    createdBy: string | null,
  ): Promise<ChangedCommand[]> {
    return queryRecords<ChangedCommand>(
      manager,
      `INSERT INTO kiosk_commands (kiosk_id, command, params, ttl_seconds, expires_at, created_by)
       SELECT i.k, $2, i.p, $3::int, now() + make_interval(secs => $3::int), $4
         FROM jsonb_to_recordset($1::jsonb) AS i(k int, p jsonb)
       RETURNING id, kiosk_id, command, status, NULL AS previous, error`,
      [JSON.stringify(items.map((i) => ({ k: i.kioskId, p: i.params }))), command, ttlSeconds, createdBy],
    );
  }

  /** The batch's commands for the kiosks not commanded yet; a kiosk that has one keeps it. */
  insertForBatch(
    manager: EntityManager,
    b: {
      kioskIds: number[];
      command: KioskCommandName;
      params: unknown;
      ttlSeconds: number;
      createdBy: string | null;
      batchId: string;
    },
  ): Promise<ChangedCommand[]> {
    return queryRecords<ChangedCommand>(
      manager,
      `INSERT INTO kiosk_commands (kiosk_id, command, params, ttl_seconds, expires_at, created_by, batch_id)
       SELECT k, $2, $3, $4::int, now() + make_interval(secs => $4::int), $5, $6
         FROM unnest($1::int[]) AS k
       ON CONFLICT (batch_id, kiosk_id) WHERE batch_id IS NOT NULL DO NOTHING
       RETURNING id, kiosk_id, command, status, NULL AS previous, error`,
      [b.kioskIds, b.command, JSON.stringify(b.params), b.ttlSeconds, b.createdBy, b.batchId],
    );
  }

  findInBatch(batchId: string, kioskIds: number[]): Promise<Array<{ id: string; kiosk_id: number }>> {
    return queryRecords<{ id: string; kiosk_id: number }>(
      this.dataSource,
      `SELECT id, kiosk_id FROM kiosk_commands WHERE batch_id = $1 AND kiosk_id = ANY ($2::int[])`,
      [batchId, kioskIds],
    );
  }

  /** The new row, or undefined when the caller's Idempotency-Key already names a command. */
  async insert(manager: EntityManager, c: NewKioskCommand): Promise<KioskCommandRow | undefined> {
    const [row] = await queryRecords<KioskCommandRow>(
      manager,
      `INSERT INTO kiosk_commands (kiosk_id, command, params, ttl_seconds, expires_at, created_by, idempotency_key, request_hash)
       VALUES ($1, $2, $3, $4::int, now() + make_interval(secs => $4::int), $5, $6, $7)
       ON CONFLICT (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING *`,
      [
        c.kioskId,
        c.command,
        JSON.stringify(c.params),
        c.ttlSeconds,
        c.createdBy,
        c.idempotencyKey,
        c.requestHash,
      ],
    );
    return row;
  }

  /** The command an Idempotency-Key of that caller names, with the hash of the request that made it. */
  async findByIdempotencyKey(
    createdBy: string,
    key: string | undefined,
  ): Promise<{ entity: KioskCommandEntity | undefined; requestHash: Buffer | undefined }> {
    const previous = await this.dataSource
      .getRepository(KioskCommandEntity)
      .createQueryBuilder('c')
      .addSelect('c.request_hash', 'request_hash')
      .where('c.created_by = :by AND c.idempotency_key = :key', { by: createdBy, key })
      .getRawAndEntities();
    return {
      entity: previous.entities[0],
      requestHash: (previous.raw[0] as { request_hash?: Buffer } | undefined)?.request_hash,
    };
  }

  toEntity(row: KioskCommandRow): KioskCommandEntity {
    return this.dataSource.getRepository(KioskCommandEntity).create({
      id: row.id,
      kioskId: row.kiosk_id,
      command: row.command,
      params: row.params,
      status: row.status,
      ttlSeconds: row.ttl_seconds,
      expiresAt: row.expires_at,
      createdAt: row.created_at,
      createdBy: row.created_by,
      idempotencyKey: row.idempotency_key,
      batchId: row.batch_id,
      holdReason: row.hold_reason,
      deliveries: row.deliveries,
      sentAt: row.sent_at,
      acknowledgedAt: row.acknowledged_at,
      completedAt: row.completed_at,
      error: row.error,
    });
  }

  /**
   * Moves the acked command to `to` when it is in one of `from`, in one statement. Without
   * command_id: the oldest command of that name sent to this kiosk that has no final answer.
   */
  recordAck(a: CommandAck): Promise<ChangedCommand[]> {
    const target = a.commandId
      ? `SELECT id, status FROM kiosk_commands WHERE id = $1::uuid AND kiosk_id = $2 AND $6::text IS NOT NULL FOR UPDATE`
      : `SELECT id, status FROM kiosk_commands
          WHERE $1::uuid IS NULL AND kiosk_id = $2 AND command = $6 AND status IN ('sent', 'acknowledged')
          ORDER BY created_at, id LIMIT 1 FOR UPDATE`;
    return queryRecords<ChangedCommand & { matched: string }>(
      this.dataSource,
      `WITH old AS (${target})
       UPDATE kiosk_commands c
          SET status = $3,
              acknowledged_at = coalesce(c.acknowledged_at, now()),
              completed_at = CASE WHEN $4 THEN now() ELSE c.completed_at END,
              error = CASE WHEN $3 = 'failed' THEN $5 ELSE c.error END
         FROM old WHERE c.id = old.id AND old.status = ANY($7::text[])
       RETURNING ${CHANGED_RETURNING}`,
      [a.commandId, a.kioskId, a.to, a.final, a.error, a.command, a.from],
    );
  }

  /**
   * recordAck for many acks that name their command, one statement per round: the acks of a
   * tick are usually one per command; a resent ack of a command already in this batch goes in the
   * next round, so it finds the command moved and counts as the repeat it is. Rows are locked in
   * id order, so two batches never deadlock. Answers each ack's change, in order.
   */
  async recordAcks(acks: readonly IdentifiedCommandAck[]): Promise<ChangedCommand[][]> {
    const out: ChangedCommand[][] = acks.map(() => []);
    const rounds: Array<Map<string, number>> = [];
    acks.forEach((a, i) => {
      let round = rounds.find((m) => !m.has(a.commandId));
      if (!round) rounds.push((round = new Map()));
      round.set(a.commandId, i);
    });
    for (const round of rounds) {
      const batch = [...round.values()].map((i) => {
        const a = acks[i];
        return {
          id: a.commandId,
          kiosk_id: a.kioskId,
          to: a.to,
          final: a.final,
          error: a.error,
          from: a.from,
        };
      });
      const rows = await queryRecords<ChangedCommand>(this.dataSource, RECORD_ACKS, [JSON.stringify(batch)]);
      for (const row of rows) {
        const i = round.get(row.id);
        if (i !== undefined) out[i].push(row);
      }
    }
    return out;
  }

  async existsForKiosk(commandId: string, kioskId: number): Promise<boolean> {
    const known = (await this.dataSource.query(
      `SELECT 1 FROM kiosk_commands WHERE id = $1::uuid AND kiosk_id = $2`,
      [commandId, kioskId],
    )) as unknown[];
    return known.length > 0;
  }

  /** The kiosk's newest command of that name, answered or not. */
  async latest(kioskId: number, command: KioskCommandName): Promise<string | undefined> {
    const [answered] = (await this.dataSource.query(
      `SELECT id FROM kiosk_commands WHERE kiosk_id = $1 AND command = $2 ORDER BY created_at DESC LIMIT 1`,
      [kioskId, command],
    )) as Array<{ id: string }>;
    return answered?.id;
  }
}
