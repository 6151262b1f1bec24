import { createHash } from 'node:crypto';
import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, notFound, unprocessable } from '@app/core';
import {
  CanUserSeeKioskQuery,
  CommandTransaction,
  COMMANDS_ISSUED_ELSEWHERE,
  GetKioskDeliveryStatesQuery,
  IssueKioskCommandCommand,
  KioskDeliveryStates,
  Role,
} from '@app/contracts';
import { queryRecords } from '@app/database';
import { KioskCommandEntity } from '../../entities/kiosk-command.entity';
import { CommandEvents } from '../../services/command-events';
import { CommandMetrics } from '../../services/command-metrics';
import { validateCommandParams } from '../../services/command-params';
import { DeliveryRequests } from '../../services/delivery-requests';

/** A kiosk_commands row as INSERT … RETURNING * gives it (snake_case). */
interface KioskCommandRow {
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

export interface IssuedCommand<R = undefined> {
  command: KioskCommandEntity;
  /** False when an Idempotency-Key replay returned the command created before. */
  created: boolean;
  /** What the issuer's `within` writes answered (undefined without them, or on a replay). */
  within?: R;
}

/** Thrown inside the transaction to roll it back when the Idempotency-Key names an earlier command. */
class KeyReplay extends Error {}

function requestHash(c: IssueKioskCommandCommand<unknown>): Buffer {
  const canonical = JSON.stringify([c.kioskId, c.command, c.ttlSeconds, Object.entries(c.params).sort()]);
  return createHash('sha256').update(canonical).digest();
}

@CommandHandler(IssueKioskCommandCommand)
export class IssueKioskCommandHandler implements ICommandHandler<
  IssueKioskCommandCommand<unknown>,
  IssuedCommand<unknown>
> {
  private readonly logger = new Logger(IssueKioskCommandHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
    private readonly events: CommandEvents,
    private readonly delivery: DeliveryRequests,
    private readonly metrics: CommandMetrics,
  ) {}

  async execute(c: IssueKioskCommandCommand<unknown>): Promise<IssuedCommand<unknown>> {
    const route = COMMANDS_ISSUED_ELSEWHERE[c.command];
    if (route && !c.within) {
      this.metrics.refused.inc({ reason: `${c.command}_outside_its_route` });
      throw unprocessable(`A ${c.command} command is issued only through ${route}`, [
        { field: 'command', message: `${c.command} is issued through ${route}` },
      ]);
    }
    const problems = validateCommandParams(c.command, c.params);
    if (problems.length) throw new DomainError('invalid', 'Invalid command parameters', problems);
    // Admins may command every kiosk: the delivery state alone tells whether it exists.
    if (
      c.issuer.role !== Role.Admin &&
      !(await this.queries.execute(new CanUserSeeKioskQuery(c.issuer, c.kioskId)))
    ) {
      throw notFound('Kiosk');
    }
    const kiosk = (
      await this.queries.execute<GetKioskDeliveryStatesQuery, KioskDeliveryStates>(
        new GetKioskDeliveryStatesQuery([c.kioskId]),
      )
    ).get(c.kioskId);
    if (!kiosk) throw notFound('Kiosk');
    if (kiosk.decommissioned) throw unprocessable('A decommissioned kiosk takes no commands');

    // Every check above ran before the transaction opens: the issuer's `within` work then holds one
    // pool connection and never waits for another (no hold-and-wait on the pool under load).
    const hooks: Array<() => void> = [];
    let inserted: { row: KioskCommandRow; within: unknown } | undefined;
    const write = async (manager: EntityManager) => {
      const row = await this.insert(manager, c);
      if (!row) throw new KeyReplay();
      if (!c.within) return { row, within: undefined };
      const tx: CommandTransaction = {
        manager,
        command: { id: row.id, expiresAt: row.expires_at },
        afterCommit: (hook) => hooks.push(hook),
      };
      return { row, within: await c.within(tx) };
    };
    try {
      // A lone command is one INSERT; with the issuer's writes it is a transaction.
      inserted = c.within ? await this.dataSource.transaction(write) : await write(this.dataSource.manager);
    } catch (e) {
      if (!(e instanceof KeyReplay)) throw e;
    }
    if (!inserted) return { command: await this.previous(c), created: false };

    const command = toEntity(this.dataSource, inserted.row);
    for (const hook of hooks) {
      try {
        hook();
      } catch (e) {
        this.logger.error(`after-commit hook of command ${command.id} failed: ${String(e)}`);
      }
    }
    this.events.publish([
      { id: command.id, kiosk_id: c.kioskId, command: c.command, status: 'pending', previous: null },
    ]);
    await this.delivery.announce([c.kioskId]);
    return { command, created: true, within: inserted.within };
  }

  /** The new row, or undefined when the caller's Idempotency-Key already names a command. */
  private async insert(
    manager: EntityManager,
    c: IssueKioskCommandCommand<unknown>,
  ): Promise<KioskCommandRow | undefined> {
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
        c.issuer.id,
        c.idempotencyKey ?? null,
        requestHash(c),
      ],
    );
    return row;
  }

  /** Same key from the same caller: the same request gets the same command; another request is refused. */
  private async previous(c: IssueKioskCommandCommand<unknown>): Promise<KioskCommandEntity> {
    const previous = await this.dataSource
      .getRepository(KioskCommandEntity)
      .createQueryBuilder('c')
      .addSelect('c.request_hash', 'request_hash')
      .where('c.created_by = :by AND c.idempotency_key = :key', { by: c.issuer.id, key: c.idempotencyKey })
      .getRawAndEntities();
    const stored = (previous.raw[0] as { request_hash?: Buffer } | undefined)?.request_hash;
    const entity = previous.entities[0];
    if (!entity || !stored || !stored.equals(requestHash(c))) {
      throw unprocessable('Idempotency-Key was already used with a different request');
    }
    return entity;
  }
}

function toEntity(dataSource: DataSource, row: KioskCommandRow): KioskCommandEntity {
  return dataSource.getRepository(KioskCommandEntity).create({
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
