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
import { CommandBatchRepository } from '../../repositories/command-batch.repository';
import { KioskCommandRepository } from '../../repositories/kiosk-command.repository';
import { CommandEvents } from '../../services/command-events';
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
    private readonly commands: KioskCommandRepository,
    private readonly batches: CommandBatchRepository,
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
        const batch = {
          command: c.command,
          params: c.params,
          ttlSeconds: c.ttlSeconds,
          createdBy: c.createdBy,
        };
        await this.batches.upsertFannedOut(manager, { id: c.batchId, kioskIds: chunk, ...batch });
        return this.commands.insertForBatch(manager, { batchId: c.batchId, kioskIds: chunk, ...batch });
      });
      this.events.publish(rows);
      await this.delivery.announce(rows.map((r) => r.kiosk_id));
      for (const r of rows) issued.push({ commandId: r.id, kioskId: r.kiosk_id });
      if (rows.length < chunk.length) {
        // Kiosks that already had their command in this batch (a repeated call): answer it again.
        const fresh = new Set(rows.map((r) => r.kiosk_id));
        const earlier = await this.commands.findInBatch(
          c.batchId,
          chunk.filter((k) => !fresh.has(k)),
        );
        for (const r of earlier) issued.push({ commandId: r.id, kioskId: r.kiosk_id });
      }
    }
    return issued;
  }
}
