import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { Batcher } from '@app/core';
import { KioskConnectedEvent, RecordKioskConnectionCommand } from '@app/contracts';
import { ConnectionRegistry, SocketChange } from '../../liveness/connection-registry';
import { KioskStateRepository } from '../../liveness/kiosk-state.repository';
import { KioskStatusChanges, snapshotOf } from '../../liveness/kiosk-status-changes';

/** A reconnect storm's connects and disconnects go in batches this large, two at a time. */
const BATCH_SIZE = 1_000;
const BATCHES_IN_FLIGHT = 2;

/**
 * A socket of a kiosk opened or closed on this instance. The kiosk is connected while any
 * instance holds a socket of it; the versioned write keeps out-of-order reports from flipping it.
 * The changes of a tick share one Redis transaction and one statement: after a network blip
 * thousands of kiosks reconnect within a second, and a statement each would queue ahead of every
 * telemetry write on the pool.
 */
@CommandHandler(RecordKioskConnectionCommand)
export class RecordKioskConnectionHandler implements ICommandHandler<RecordKioskConnectionCommand, void> {
  private readonly batch = new Batcher<SocketChange, void>(
    (changes) => this.record(changes),
    BATCH_SIZE,
    BATCHES_IN_FLIGHT,
  );

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly states: KioskStateRepository,
    private readonly changes: KioskStatusChanges,
    private readonly events: EventBus,
  ) {}

  execute({ kioskId, connectionId, connected }: RecordKioskConnectionCommand): Promise<void> {
    return this.batch.submit({ kioskId, connectionId, connected });
  }

  private async record(changes: SocketChange[]): Promise<void[]> {
    const counted = await this.registry.record(changes);
    const rows = await this.states.applyConnectionChanges(
      changes.map((c, i) => ({ kioskId: c.kioskId, ...counted[i] })),
    );
    this.changes.publish(rows);
    for (const row of rows) {
      if (row.connected && !row.previous_connected)
        this.events.publish(new KioskConnectedEvent(snapshotOf(row)));
    }
    return changes.map(() => undefined);
  }
}
