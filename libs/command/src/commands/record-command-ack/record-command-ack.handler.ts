import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CommandStatus } from '@app/contracts';
import { queryRecords } from '@app/database';
import { ChangedCommand, CHANGED_RETURNING, CommandEvents } from '../../services/command-events';
import { LateRefundAcks } from '../../services/late-refund-acks';
import { CommandAckResult, CommandAckStatus, RecordCommandAckCommand } from './record-command-ack.command';

/** Which states an ack may move a command from, and to. Anything else is a repeat, applied once. */
const TRANSITIONS: Record<CommandAckStatus, { to: CommandStatus; from: CommandStatus[] }> = {
  processing: { to: 'acknowledged', from: ['pending', 'sent'] },
  success: { to: 'succeeded', from: ['pending', 'sent', 'acknowledged'] },
  error: { to: 'failed', from: ['pending', 'sent', 'acknowledged'] },
};

@CommandHandler(RecordCommandAckCommand)
export class RecordCommandAckHandler implements ICommandHandler<RecordCommandAckCommand, CommandAckResult> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: CommandEvents,
    private readonly late: LateRefundAcks,
  ) {}

  async execute(ack: RecordCommandAckCommand): Promise<CommandAckResult> {
    const { to, from } = TRANSITIONS[ack.status];
    const final = to !== 'acknowledged';
    // Without command_id: the oldest command of that name sent to this kiosk that has no final answer.
    const target = ack.commandId
      ? `SELECT id, status FROM kiosk_commands WHERE id = $1::uuid AND kiosk_id = $2 AND $6::text IS NOT NULL FOR UPDATE`
      : `SELECT id, status FROM kiosk_commands
          WHERE $1::uuid IS NULL AND kiosk_id = $2 AND command = $6 AND status IN ('sent', 'acknowledged')
          ORDER BY created_at, id LIMIT 1 FOR UPDATE`;
    const rows = await queryRecords<ChangedCommand & { matched: string }>(
      this.dataSource,
      `WITH old AS (${target})
       UPDATE kiosk_commands c
          SET status = $3,
              acknowledged_at = coalesce(c.acknowledged_at, now()),
              completed_at = CASE WHEN $4 THEN now() ELSE c.completed_at END,
              error = CASE WHEN $3 = 'failed' THEN $5 ELSE c.error END
         FROM old WHERE c.id = old.id AND old.status = ANY($7::text[])
       RETURNING ${CHANGED_RETURNING}`,
      [ack.commandId ?? null, ack.kioskId, to, final, ack.error?.slice(0, 500) ?? null, ack.command, from],
    );
    if (rows[0]) {
      this.events.publish(rows);
      return { kind: 'applied', commandId: rows[0].id };
    }
    if (ack.commandId && ack.status === 'success') {
      const late = await this.late.reconcile(ack.kioskId, ack.commandId, ack.command);
      if (late) {
        this.events.publish([late]);
        return { kind: 'applied', commandId: late.id };
      }
    }
    if (ack.commandId) {
      const known = await this.dataSource.query(
        `SELECT 1 FROM kiosk_commands WHERE id = $1::uuid AND kiosk_id = $2`,
        [ack.commandId, ack.kioskId],
      );
      return known.length ? { kind: 'duplicate', commandId: ack.commandId } : { kind: 'unknown' };
    }
    const [answered] = await this.dataSource.query(
      `SELECT id FROM kiosk_commands WHERE kiosk_id = $1 AND command = $2 ORDER BY created_at DESC LIMIT 1`,
      [ack.kioskId, ack.command],
    );
    return answered ? { kind: 'duplicate', commandId: (answered as { id: string }).id } : { kind: 'unknown' };
  }
}
