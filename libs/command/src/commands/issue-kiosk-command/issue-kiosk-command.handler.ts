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
import { KioskCommandEntity } from '../../entities/kiosk-command.entity';
import { KioskCommandRepository, KioskCommandRow } from '../../repositories/kiosk-command.repository';
import { CommandEvents } from '../../services/command-events';
import { CommandMetrics } from '../../services/command-metrics';
import { validateCommandParams } from '../../services/command-params';
import { DeliveryRequests } from '../../services/delivery-requests';

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
    private readonly commands: KioskCommandRepository,
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
      const row = await this.commands.insert(manager, {
        kioskId: c.kioskId,
        command: c.command,
        params: c.params,
        ttlSeconds: c.ttlSeconds,
        createdBy: c.issuer.id,
        idempotencyKey: c.idempotencyKey ?? null,
        requestHash: requestHash(c),
      });
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

    const command = this.commands.toEntity(inserted.row);
    for (const hook of hooks) {
      try {
        hook();
      } catch (e) {
        this.logger.error(`after-commit hook of command ${command.id} failed: ${String(e)}`);
      }
    }
    this.events.publish([
      {
        id: command.id,
        kiosk_id: c.kioskId,
        command: c.command,
        status: 'pending',
        previous: null,
        error: null,
      },
    ]);
    await this.delivery.announce([c.kioskId]);
    return { command, created: true, within: inserted.within };
  }

  /** Same key from the same caller: the same request gets the same command; another request is refused. */
  private async previous(c: IssueKioskCommandCommand<unknown>): Promise<KioskCommandEntity> {
    const { entity, requestHash: stored } = await this.commands.findByIdempotencyKey(
      c.issuer.id,
      c.idempotencyKey,
    );
    if (!entity || !stored || !stored.equals(requestHash(c))) {
      throw unprocessable('Idempotency-Key was already used with a different request');
    }
    return entity;
  }
}
