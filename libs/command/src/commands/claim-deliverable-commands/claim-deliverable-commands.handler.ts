import { CommandHandler, ICommandHandler, QueryBus, QueryHandlerNotFoundException } from '@nestjs/cqrs';
import { AppConfig, InjectAppConfig } from '@app/core';
import {
  GetKioskDeliveryStatesQuery,
  GetKiosksInPaymentSessionQuery,
  KioskDeliveryStates,
  KiosksInPaymentSession,
} from '@app/contracts';
import { KioskCommandEntity } from '../../entities/kiosk-command.entity';
import { KioskCommandRepository } from '../../repositories/kiosk-command.repository';
import { CommandEvents } from '../../services/command-events';
import { DELIVERED_DURING_MAINTENANCE, HELD_DURING_PAYMENT_SESSION } from '../../services/command-params';
import { ClaimDeliverableCommandsCommand } from './claim-deliverable-commands.command';

export const MAINTENANCE_HOLD = 'held: the kiosk is in maintenance';
/** Also in the payments migration's partial index (kiosk_commands_session_hold): keep them equal. */
export const PAYMENT_SESSION_HOLD = 'held: a payment session is open on the kiosk';

/** A command claimed for delivery: what goes on the wire. */
export type ClaimedCommand = Pick<KioskCommandEntity, 'id' | 'kioskId' | 'command' | 'params' | 'expiresAt'>;

@CommandHandler(ClaimDeliverableCommandsCommand)
export class ClaimDeliverableCommandsHandler implements ICommandHandler<
  ClaimDeliverableCommandsCommand,
  ClaimedCommand[]
> {
  constructor(
    private readonly commands: KioskCommandRepository,
    private readonly queries: QueryBus,
    private readonly events: CommandEvents,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async execute({
    kioskIds,
    includeSent,
    exceptIds,
  }: ClaimDeliverableCommandsCommand): Promise<ClaimedCommand[]> {
    if (!kioskIds.length) return [];
    const [states, inSession] = await Promise.all([
      this.queries.execute<GetKioskDeliveryStatesQuery, KioskDeliveryStates>(
        new GetKioskDeliveryStatesQuery(kioskIds),
      ),
      this.kiosksInPaymentSession(kioskIds),
    ]);
    const live = kioskIds.filter((id) => states.get(id)?.decommissioned === false);
    if (!live.length) return [];
    const inMaintenance = live.filter((id) => states.get(id)?.commandedStatus === 'maintenance');
    const inPaymentSession = live.filter((id) => inSession.has(id));
    const statuses = includeSent ? ['pending', 'sent'] : ['pending'];
    const holdMaxSec = this.config.commandSessionHoldMaxSec;
    if (inMaintenance.length) {
      // Visible on the command: why it waits.
      await this.commands.holdForMaintenance(
        inMaintenance,
        statuses,
        MAINTENANCE_HOLD,
        DELIVERED_DURING_MAINTENANCE,
      );
    }
    // An open payment session holds restart/update/block (pending ones only, and only until the
    // hold deadline: SessionHoldRelease sends them then, whatever the kiosk says).
    if (inPaymentSession.length) {
      await this.commands.holdForPaymentSession(
        inPaymentSession,
        PAYMENT_SESSION_HOLD,
        HELD_DURING_PAYMENT_SESSION,
        holdMaxSec,
      );
    }
    const rows = await this.commands.claim({
      live,
      statuses,
      inMaintenance,
      deliveredDuringMaintenance: DELIVERED_DURING_MAINTENANCE,
      inPaymentSession,
      heldDuringPaymentSession: HELD_DURING_PAYMENT_SESSION,
      holdMaxSec,
      exceptIds,
    });
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

  /** Kiosks with an open payment session, as the payment module knows; without that module, none. */
  private async kiosksInPaymentSession(kioskIds: readonly number[]): Promise<KiosksInPaymentSession> {
    if (!this.config.enabledModules.has('payment')) return new Set();
    try {
      return await this.queries.execute<GetKiosksInPaymentSessionQuery, KiosksInPaymentSession>(
        new GetKiosksInPaymentSessionQuery(kioskIds),
      );
    } catch (e) {
      if (e instanceof QueryHandlerNotFoundException) return new Set();
      throw e;
    }
  }
}
