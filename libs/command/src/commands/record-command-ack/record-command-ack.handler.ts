import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandStatus } from '@app/contracts';
import { KioskCommandRepository } from '../../repositories/kiosk-command.repository';
import { CommandEvents } from '../../services/command-events';
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
    private readonly commands: KioskCommandRepository,
    private readonly events: CommandEvents,
    private readonly late: LateRefundAcks,
  ) {}

  async execute(ack: RecordCommandAckCommand): Promise<CommandAckResult> {
    const { to, from } = TRANSITIONS[ack.status];
    const final = to !== 'acknowledged';
    const rows = await this.commands.recordAck({
      commandId: ack.commandId ?? null,
      kioskId: ack.kioskId,
      to,
      final,
      error: ack.error?.slice(0, 500) ?? null,
      command: ack.command,
      from,
    });
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
      return (await this.commands.existsForKiosk(ack.commandId, ack.kioskId))
        ? { kind: 'duplicate', commandId: ack.commandId }
        : { kind: 'unknown' };
    }
    const answered = await this.commands.latest(ack.kioskId, ack.command);
    return answered ? { kind: 'duplicate', commandId: answered } : { kind: 'unknown' };
  }
}
