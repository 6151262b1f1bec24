import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KioskConnectedEvent, RecordKioskConnectionCommand } from '@app/contracts';
import { queryRecords } from '@app/database';
import { ConnectionChange, ConnectionRegistry } from '../../liveness/connection-registry';
import {
  KioskStatusChanges,
  snapshotOf,
  STATUS_RETURNING,
  StatusRow,
} from '../../liveness/kiosk-status-changes';

/**
 * A socket of a kiosk opened or closed on this instance. The kiosk is connected while any
 * instance holds a socket of it; the versioned write keeps out-of-order reports from flipping it.
 */
@CommandHandler(RecordKioskConnectionCommand)
export class RecordKioskConnectionHandler implements ICommandHandler<RecordKioskConnectionCommand, void> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ConnectionRegistry,
    private readonly changes: KioskStatusChanges,
    private readonly events: EventBus,
  ) {}

  async execute({ kioskId, connectionId, connected }: RecordKioskConnectionCommand): Promise<void> {
    const change = connected
      ? await this.registry.opened(kioskId, connectionId)
      : await this.registry.closed(kioskId, connectionId);
    const rows = await applyConnectionChange(this.dataSource, kioskId, change);
    this.changes.publish(rows);
    for (const row of rows) {
      if (connected && !row.previous_connected) this.events.publish(new KioskConnectedEvent(snapshotOf(row)));
    }
  }
}

/** Writes `connected` as of `change`, unless a newer change was written already. */
export async function applyConnectionChange(
  dataSource: DataSource,
  kioskId: number,
  change: ConnectionChange,
): Promise<Array<StatusRow & { previous_connected: boolean }>> {
  return queryRecords(
    dataSource,
    `WITH old AS (SELECT kiosk_id, status, connected FROM kiosk_state WHERE kiosk_id = $1 FOR UPDATE)
     UPDATE kiosk_state s
        SET connected = $2, connection_version = $3,
            -- A (re)connection is a sign of life: the kiosk gets the usual 3 intervals to report
            -- before it counts as stale, instead of flashing stale between connect and first reading.
            reporting = CASE WHEN $2 AND NOT old.connected THEN true ELSE s.reporting END,
            last_seen_at = CASE WHEN $2 THEN now() ELSE s.last_seen_at END
       FROM old
      WHERE s.kiosk_id = old.kiosk_id AND s.connection_version < $3 AND NOT s.decommissioned
      RETURNING ${STATUS_RETURNING}, old.connected AS previous_connected`,
    [kioskId, change.open > 0, change.version],
  );
}
