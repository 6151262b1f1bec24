import { createHash } from 'node:crypto';
import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CanUserSeeKioskQuery,
  DomainError,
  GetKioskDeliveryStatesQuery,
  IssueKioskCommandCommand,
  KioskDeliveryStates,
  notFound,
  Role,
  unprocessable,
} from '@app/core';
import { queryRecords } from '@app/database';
import { KioskCommandEntity } from '../../entities/kiosk-command.entity';
import { CommandEvents } from '../../services/command-events';
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

export interface IssuedCommand {
  command: KioskCommandEntity;
  /** False when an Idempotency-Key replay returned the command created before. */
  created: boolean;
}

function requestHash(c: IssueKioskCommandCommand): Buffer {
  const canonical = JSON.stringify([c.kioskId, c.command, c.ttlSeconds, Object.entries(c.params).sort()]);
  return createHash('sha256').update(canonical).digest();
}

@CommandHandler(IssueKioskCommandCommand)
export class IssueKioskCommandHandler implements ICommandHandler<IssueKioskCommandCommand, IssuedCommand> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
    private readonly events: CommandEvents,
    private readonly delivery: DeliveryRequests,
  ) {}

  async execute(c: IssueKioskCommandCommand): Promise<IssuedCommand> {
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

    const hash = requestHash(c);
    const [row] = await queryRecords<KioskCommandRow>(
      this.dataSource,
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
        hash,
      ],
    );
    const repo = this.dataSource.getRepository(KioskCommandEntity);
    if (!row) {
      // Same key from the same caller: the same request gets the same command; another request is refused.
      const previous = await repo
        .createQueryBuilder('c')
        .addSelect('c.request_hash', 'request_hash')
        .where('c.created_by = :by AND c.idempotency_key = :key', { by: c.issuer.id, key: c.idempotencyKey })
        .getRawAndEntities();
      const stored = (previous.raw[0] as { request_hash?: Buffer } | undefined)?.request_hash;
      const entity = previous.entities[0];
      if (!entity || !stored || !stored.equals(hash)) {
        throw unprocessable('Idempotency-Key was already used with a different request');
      }
      return { command: entity, created: false };
    }
    const command = repo.create({
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
    this.events.publish([
      { id: command.id, kiosk_id: c.kioskId, command: c.command, status: 'pending', previous: null },
    ]);
    await this.delivery.announce([c.kioskId]);
    return { command, created: true };
  }
}
