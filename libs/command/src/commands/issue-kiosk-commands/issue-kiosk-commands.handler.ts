import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/core';
import {
  GetKioskDeliveryStatesQuery,
  IssuedKioskCommand,
  IssueKioskCommandsCommand,
  KioskDeliveryStates,
} from '@app/contracts';
import { queryRecords } from '@app/database';
import { ChangedCommand, CommandEvents } from '../../services/command-events';
import { validateCommandParams } from '../../services/command-params';
import { DeliveryRequests } from '../../services/delivery-requests';

const CHUNK = 2_000;

/**
 * One command to many kiosks, set-based: the batch row is upserted (its kiosk list grows when the
 * caller issues a batch in several passes) and the commands inserted with ON CONFLICT on
 * (batch_id, kiosk_id), so a repeated call never commands a kiosk twice. Delivery is announced as
 * for any other command; the claim applies the usual holds (maintenance, open payment sessions).
 * Answers every kiosk's command in the batch, the ones made before included.
 */
@CommandHandler(IssueKioskCommandsCommand)
export class IssueKioskCommandsHandler implements ICommandHandler<
  IssueKioskCommandsCommand,
  IssuedKioskCommand[]
> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: CommandEvents,
    private readonly delivery: DeliveryRequests,
    private readonly queries: QueryBus,
  ) {}

  async execute(c: IssueKioskCommandsCommand): Promise<IssuedKioskCommand[]> {
    const problems = validateCommandParams(c.command, c.params);
    if (problems.length) throw new DomainError('invalid', 'Invalid command parameters', problems);
    const issued: IssuedKioskCommand[] = [];
    for (let i = 0; i < c.kioskIds.length; i += CHUNK) {
      // Kiosks decommissioned (or deleted) since the caller picked them take no command: left out of
      // the answer, so the caller can tell them apart.
      const states = await this.queries.execute<GetKioskDeliveryStatesQuery, KioskDeliveryStates>(
        new GetKioskDeliveryStatesQuery(c.kioskIds.slice(i, i + CHUNK)),
      );
      const chunk = c.kioskIds.slice(i, i + CHUNK).filter((k) => states.get(k)?.decommissioned === false);
      if (!chunk.length) continue;
      const rows = await this.dataSource.transaction(async (manager) => {
        await manager.query(
          `INSERT INTO command_batches (id, command, params, target, kiosk_ids, ttl_seconds, count, created_by, fanned_out_at)
           VALUES ($1, $2, $3, jsonb_build_object('kioskIds', $4::int[]), $4::int[], $5, cardinality($4::int[]), $6, now())
           ON CONFLICT (id) DO UPDATE
             SET kiosk_ids = ARRAY(SELECT DISTINCT unnest(command_batches.kiosk_ids || EXCLUDED.kiosk_ids)),
                 count = cardinality(ARRAY(SELECT DISTINCT unnest(command_batches.kiosk_ids || EXCLUDED.kiosk_ids))),
                 fanned_out_at = now()`,
          [c.batchId, c.command, JSON.stringify(c.params), chunk, c.ttlSeconds, c.createdBy],
        );
        return queryRecords<ChangedCommand>(
          manager,
          `INSERT INTO kiosk_commands (kiosk_id, command, params, ttl_seconds, expires_at, created_by, batch_id)
           SELECT k, $2, $3, $4::int, now() + make_interval(secs => $4::int), $5, $6
             FROM unnest($1::int[]) AS k
           ON CONFLICT (batch_id, kiosk_id) WHERE batch_id IS NOT NULL DO NOTHING
           RETURNING id, kiosk_id, command, status, NULL AS previous`,
          [chunk, c.command, JSON.stringify(c.params), c.ttlSeconds, c.createdBy, c.batchId],
        );
      });
      this.events.publish(rows);
      await this.delivery.announce(rows.map((r) => r.kiosk_id));
      for (const r of rows) issued.push({ commandId: r.id, kioskId: r.kiosk_id });
      if (rows.length < chunk.length) {
        // Kiosks that already had their command in this batch (a repeated call): answer it again.
        const fresh = new Set(rows.map((r) => r.kiosk_id));
        const earlier = await queryRecords<{ id: string; kiosk_id: number }>(
          this.dataSource,
          `SELECT id, kiosk_id FROM kiosk_commands WHERE batch_id = $1 AND kiosk_id = ANY ($2::int[])`,
          [c.batchId, chunk.filter((k) => !fresh.has(k))],
        );
        for (const r of earlier) issued.push({ commandId: r.id, kioskId: r.kiosk_id });
      }
    }
    return issued;
  }
}
