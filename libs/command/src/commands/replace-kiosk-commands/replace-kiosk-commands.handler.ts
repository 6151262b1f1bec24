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
import { KioskCommandRepository } from '../../repositories/kiosk-command.repository';
import { CommandEvents } from '../../services/command-events';
import { validateCommandParams } from '../../services/command-params';
import { DeliveryRequests } from '../../services/delivery-requests';

/** The `error` a superseded command keeps (and its transition's detail): why it was cancelled. */
export const SUPERSEDED = 'superseded by a newer command of the same name';

/**
 * Per-kiosk commands that replace the kiosks' unfinished ones of the same name, in one transaction:
 * one statement cancels the old ones, one adds the new ones (each kiosk with its own params), then
 * the issuer's `within` writes. Events and delivery follow the commit, as
 * for any other command; the claim applies the usual holds (maintenance, open payment sessions).
 */
@CommandHandler(ReplaceKioskCommandsCommand)
export class ReplaceKioskCommandsHandler implements ICommandHandler<
  ReplaceKioskCommandsCommand,
  ReplacedKioskCommands
> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: KioskCommandRepository,
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
      const cancelled = await this.commands.supersede(
        manager,
        live.map((i) => i.kioskId),
        c.command,
        SUPERSEDED,
      );
      const inserted = await this.commands.insertPerKiosk(manager, live, c.command, c.ttlSeconds, c.issuedBy);
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
