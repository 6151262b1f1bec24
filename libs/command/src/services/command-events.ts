import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import {
  CommandStatus,
  KioskCommandName,
  KioskCommandSucceededEvent,
  KioskCommandUpdatedEvent,
} from '@app/contracts';

export interface ChangedCommand {
  id: string;
  kiosk_id: number;
  command: KioskCommandName;
  status: CommandStatus;
  previous: CommandStatus | null;
  error: string | null;
}

/** Publishes the events of status changes returned by the command UPDATEs (RETURNING …, previous). */
@Injectable()
export class CommandEvents {
  constructor(private readonly events: EventBus) {}

  publish(rows: readonly ChangedCommand[]): void {
    const at = new Date();
    for (const r of rows) {
      if (r.previous === r.status) continue;
      const snapshot = {
        id: r.id,
        kioskId: r.kiosk_id,
        command: r.command,
        status: r.status,
        at,
        error: r.error,
      };
      this.events.publish(new KioskCommandUpdatedEvent(snapshot, r.previous));
      if (r.status === 'succeeded') this.events.publish(new KioskCommandSucceededEvent(snapshot));
    }
  }
}

/** SQL fragment: transition rows lock the old row first so RETURNING can report the previous status. */
export const CHANGED_RETURNING = `c.id, c.kiosk_id, c.command, c.status, old.status AS previous, c.error`;
