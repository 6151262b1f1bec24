import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Batcher } from '@app/core';
import { CommandStatus } from '@app/contracts';
import { IdentifiedCommandAck, KioskCommandRepository } from '../../repositories/kiosk-command.repository';
import { ChangedCommand, CommandEvents } from '../../services/command-events';
import { LateRefundAcks } from '../../services/late-refund-acks';
import { CommandAckResult, CommandAckStatus, RecordCommandAckCommand } from './record-command-ack.command';

/** Which states an ack may move a command from, and to. Anything else is a repeat, applied once. */
const TRANSITIONS: Record<CommandAckStatus, { to: CommandStatus; from: CommandStatus[] }> = {
  processing: { to: 'acknowledged', from: ['pending', 'sent'] },
  success: { to: 'succeeded', from: ['pending', 'sent', 'acknowledged'] },
  error: { to: 'failed', from: ['pending', 'sent', 'acknowledged'] },
};

/** A rollout wave's thousands of acks arrive within a second or two: batches this large, two at a time. */
const BATCH_SIZE = 1_000;
const BATCHES_IN_FLIGHT = 2;

@CommandHandler(RecordCommandAckCommand)
export class RecordCommandAckHandler implements ICommandHandler<RecordCommandAckCommand, CommandAckResult> {
  /** Acks naming their command share one statement per tick, instead of one each on the pool. */
  private readonly acks = new Batcher<IdentifiedCommandAck, ChangedCommand[]>(
    (acks) => this.commands.recordAcks(acks),
    BATCH_SIZE,
    BATCHES_IN_FLIGHT,
  );

  constructor(
    private readonly commands: KioskCommandRepository,
    private readonly events: CommandEvents,
    private readonly late: LateRefundAcks,
  ) {}

  async execute(ack: RecordCommandAckCommand): Promise<CommandAckResult> {
    const { to, from } = TRANSITIONS[ack.status];
    const final = to !== 'acknowledged';
    const change = {
      kioskId: ack.kioskId,
      to,
      final,
      error: ack.error?.slice(0, 500) ?? null,
      command: ack.command,
      from,
    };
    const rows = ack.commandId
      ? await this.acks.submit({ ...change, commandId: ack.commandId })
      : await this.commands.recordAck({ ...change, commandId: null });
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
