import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, FieldError } from '@app/core';
import {
  GetKioskDeliveryStatesQuery,
  KioskDeliveryStates,
  ReplaceKioskCommandsCommand,
  ReplacedKioskCommands,
} from '@app/contracts';
import { queryRecords } from '@app/database';
import { ChangedCommand, CHANGED_RETURNING, CommandEvents } from '../../services/command-events';
import { validateCommandParams } from '../../services/command-params';
import { DeliveryRequests } from '../../services/delivery-requests';

/** The `error` a superseded command keeps (and its transition's detail): why it was cancelled. */
export const SUPERSEDED = 'superseded by a newer command of the same name';

/**
 * Per-kiosk commands that replace the kiosks' unfinished ones of the same name, in one transaction:
 * one UPDATE cancels the old ones, one INSERT adds the new ones (jsonb_to_recordset, so each kiosk
 * has its own params), then the issuer's `within` writes. Events and delivery follow the commit, as
 * for any other command; the claim applies the usual holds (maintenance, open payment sessions).
 */
@CommandHandler(ReplaceKioskCommandsCommand)
export class ReplaceKioskCommandsHandler implements ICommandHandler<
  ReplaceKioskCommandsCommand,
  ReplacedKioskCommands
> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
    private readonly events: CommandEvents,
    private readonly delivery: DeliveryRequests,
  ) {}

  async execute(c: ReplaceKioskCommandsCommand): Promise<ReplacedKioskCommands> {
    const problems: FieldError[] = [];
    c.items.forEach((item, i) => {
      for (const p of validateCommandParams(c.command, item.params))
        problems.push({ field: `items.${i}.${p.field}`, message: p.message });
    });
    if (problems.length) throw new DomainError('invalid', 'Invalid command parameters', problems);
    const ids = [...new Set(c.items.map((i) => i.kioskId))];
    if (ids.length !== c.items.length) {
      throw new DomainError('invalid', 'One command per kiosk', [
        { field: 'items', message: 'names a kiosk more than once' },
      ]);
    }
    if (!ids.length) return { issued: [], skipped: [], superseded: 0 };
    const states = await this.queries.execute<GetKioskDeliveryStatesQuery, KioskDeliveryStates>(
      new GetKioskDeliveryStatesQuery(ids),
    );
    const live = c.items.filter((i) => states.get(i.kioskId)?.decommissioned === false);
    const skipped = ids.filter((id) => states.get(id)?.decommissioned !== false);
    if (!live.length) return { issued: [], skipped, superseded: 0 };

    const { cancelled, inserted } = await this.dataSource.transaction(async (manager) => {
      const cancelled = await queryRecords<ChangedCommand>(
        manager,
        `WITH old AS (
           SELECT id, status FROM kiosk_commands
            WHERE kiosk_id = ANY($1::int[]) AND command = $2 AND status IN ('pending', 'sent', 'acknowledged')
            ORDER BY id FOR UPDATE)
         UPDATE kiosk_commands c SET status = 'cancelled', completed_at = now(), error = $3
           FROM old WHERE c.id = old.id
         RETURNING ${CHANGED_RETURNING}`,
        [live.map((i) => i.kioskId), c.command, SUPERSEDED],
      );
      const inserted = await queryRecords<ChangedCommand>(
        manager,
        `INSERT INTO kiosk_commands (kiosk_id, command, params, ttl_seconds, expires_at, created_by)
         SELECT i.k, $2, i.p, $3::int, now() + make_interval(secs => $3::int), $4
           FROM jsonb_to_recordset($1::jsonb) AS i(k int, p jsonb)
         RETURNING id, kiosk_id, command, status, NULL AS previous`,
        [
          JSON.stringify(live.map((i) => ({ k: i.kioskId, p: i.params }))),
          c.command,
          c.ttlSeconds,
          c.issuedBy,
        ],
      );
      if (c.within)
        await c.within(
          manager,
          inserted.map((r) => ({ kioskId: r.kiosk_id, commandId: r.id })),
        );
      return { cancelled, inserted };
    });
    this.events.publish([...cancelled, ...inserted]);
    await this.delivery.announce(inserted.map((r) => r.kiosk_id));
    return {
      issued: inserted.map((r) => ({ kioskId: r.kiosk_id, commandId: r.id })),
      skipped,
      superseded: cancelled.length,
    };
  }
}
