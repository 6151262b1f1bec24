import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { KioskCommandName } from '@app/contracts';
import { queryRecords } from '@app/database';
import { CommandMetrics } from './command-metrics';
import { ChangedCommand, CHANGED_RETURNING } from './command-events';

/**
 * Commands whose `success` still counts after the server stopped waiting for it. A refund moved
 * money at the kiosk whatever our clock said, so the books must follow; other commands leave
 * state the kiosk reports again anyway (status on join, firmware version), and stay as they ended.
 */
export const RECONCILED_WHEN_LATE: readonly KioskCommandName[] = ['refund'];

/**
 * A `success` ack for a refund command that already expired (or was cancelled after it reached the
 * kiosk) moves it to `succeeded`: that is what happened on the kiosk. The history keeps the earlier
 * `expired`/`cancelled` transition and shows the late ack as the next one, with a detail saying so.
 * The usual KioskCommandUpdatedEvent then lets the payment module record the refund. A command the
 * kiosk never received (`deliveries = 0`) cannot have been carried out and is not reconciled.
 */
@Injectable()
export class LateRefundAcks {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: CommandMetrics,
  ) {}

  async reconcile(
    kioskId: number,
    commandId: string,
    command: KioskCommandName,
  ): Promise<ChangedCommand | undefined> {
    if (!RECONCILED_WHEN_LATE.includes(command)) return undefined;
    const changed = await this.dataSource.transaction(async (manager) => {
      const [row] = await queryRecords<ChangedCommand>(
        manager,
        `WITH old AS (SELECT id, status FROM kiosk_commands
                       WHERE id = $1::uuid AND kiosk_id = $2 AND command = $3
                         AND status IN ('expired', 'cancelled') AND deliveries > 0
                       FOR UPDATE)
         UPDATE kiosk_commands c
            SET status = 'succeeded', acknowledged_at = coalesce(c.acknowledged_at, now()), completed_at = now()
           FROM old WHERE c.id = old.id
         RETURNING ${CHANGED_RETURNING}`,
        [commandId, kioskId, command],
      );
      if (!row) return undefined;
      // The trigger recorded the transition; say in it why a final command changed again.
      await manager.query(
        `UPDATE kiosk_command_transitions SET detail = $3
          WHERE id = (SELECT max(id) FROM kiosk_command_transitions
                       WHERE command_id = $1 AND from_status = $2 AND to_status = 'succeeded')`,
        [
          row.id,
          row.previous,
          `late success ack after ${row.previous ?? 'the end'}: carried out by the kiosk`,
        ],
      );
      return row;
    });
    if (changed) this.metrics.lateSuccess.inc({ command });
    return changed;
  }
}
