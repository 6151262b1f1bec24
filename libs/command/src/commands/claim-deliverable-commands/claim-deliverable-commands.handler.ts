import { CommandHandler, ICommandHandler, QueryBus, QueryHandlerNotFoundException } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AppConfig,
  GetKioskDeliveryStateQuery,
  GetKioskPaymentSessionQuery,
  InjectAppConfig,
  KioskDeliveryState,
  KioskPaymentSession,
} from '@app/core';
import { queryRecords } from '@app/database';
import { KioskCommandEntity } from '../../entities/kiosk-command.entity';
import { ChangedCommand, CHANGED_RETURNING, CommandEvents } from '../../services/command-events';
import { DELIVERED_DURING_MAINTENANCE, HELD_DURING_PAYMENT_SESSION } from '../../services/command-params';
import { ClaimDeliverableCommandsCommand } from './claim-deliverable-commands.command';

export const MAINTENANCE_HOLD = 'held: the kiosk is in maintenance';
/** Also in the payments migration's partial index (kiosk_commands_session_hold): keep them equal. */
export const PAYMENT_SESSION_HOLD = 'held: a payment session is open on the kiosk';

interface ClaimedColumns {
  params: Record<string, unknown>;
  expires_at: Date;
  created_at: Date;
}

/** A command claimed for delivery: what goes on the wire. */
export type ClaimedCommand = Pick<KioskCommandEntity, 'id' | 'kioskId' | 'command' | 'params' | 'expiresAt'>;

@CommandHandler(ClaimDeliverableCommandsCommand)
export class ClaimDeliverableCommandsHandler implements ICommandHandler<
  ClaimDeliverableCommandsCommand,
  ClaimedCommand[]
> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
    private readonly events: CommandEvents,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async execute({ kioskId, includeSent }: ClaimDeliverableCommandsCommand): Promise<ClaimedCommand[]> {
    const state = await this.queries.execute<GetKioskDeliveryStateQuery, KioskDeliveryState>(
      new GetKioskDeliveryStateQuery(kioskId),
    );
    if (!state.exists || state.decommissioned) return [];
    const inMaintenance = state.commandedStatus === 'maintenance';
    const statuses = includeSent ? ['pending', 'sent'] : ['pending'];
    if (inMaintenance) {
      // Visible on the command: why it waits.
      await this.dataSource.query(
        `UPDATE kiosk_commands SET hold_reason = $3
          WHERE kiosk_id = $1 AND status = ANY($2::text[]) AND NOT (command = ANY($4::text[])) AND hold_reason IS NULL`,
        [kioskId, statuses, MAINTENANCE_HOLD, DELIVERED_DURING_MAINTENANCE],
      );
    }
    // An open payment session holds restart/update/block (pending ones only, and only until the
    // hold deadline: SessionHoldRelease sends them then, whatever the kiosk says).
    const inSession = (await this.paymentSession(kioskId)).active;
    const holdMaxSec = this.config.commandSessionHoldMaxSec;
    if (inSession) {
      await this.dataSource.query(
        `UPDATE kiosk_commands SET hold_reason = $2
          WHERE kiosk_id = $1 AND status = 'pending' AND command = ANY($3::text[]) AND hold_reason IS NULL
            AND created_at > now() - make_interval(secs => $4)`,
        [kioskId, PAYMENT_SESSION_HOLD, HELD_DURING_PAYMENT_SESSION, holdMaxSec],
      );
    }
    const rows = await queryRecords<ChangedCommand & ClaimedColumns>(
      this.dataSource,
      `WITH old AS (
         SELECT id, status FROM kiosk_commands
          WHERE kiosk_id = $1 AND status = ANY($2::text[]) AND expires_at > now()
            AND ($3 = false OR command = ANY($4::text[]))
            AND NOT ($5 AND status = 'pending' AND command = ANY($6::text[])
                     AND created_at > now() - make_interval(secs => $7))
          ORDER BY created_at, id
          FOR UPDATE SKIP LOCKED)
       UPDATE kiosk_commands c
          SET status = 'sent', sent_at = now(), deliveries = c.deliveries + 1, hold_reason = NULL
         FROM old WHERE c.id = old.id
       RETURNING ${CHANGED_RETURNING}, c.params, c.expires_at, c.created_at`,
      [
        kioskId,
        statuses,
        inMaintenance,
        DELIVERED_DURING_MAINTENANCE,
        inSession,
        HELD_DURING_PAYMENT_SESSION,
        holdMaxSec,
      ],
    );
    this.events.publish(rows);
    // What the gateway needs to emit, straight from RETURNING: no second round trip on the hot path.
    return rows
      .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id))
      .map((r) => ({
        id: r.id,
        kioskId: r.kiosk_id,
        command: r.command,
        params: r.params,
        expiresAt: r.expires_at,
      }));
  }

  /** What the payment module knows of the kiosk's payment session; without that module, none. */
  private async paymentSession(kioskId: number): Promise<KioskPaymentSession> {
    if (!this.config.enabledModules.has('payment')) return { active: false, since: null };
    try {
      return await this.queries.execute<GetKioskPaymentSessionQuery, KioskPaymentSession>(
        new GetKioskPaymentSessionQuery(kioskId),
      );
    } catch (e) {
      if (e instanceof QueryHandlerNotFoundException) return { active: false, since: null };
      throw e;
    }
  }
}
