import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import {
  KioskCameBackEvent,
  KioskStatus,
  KioskStatusChangedEvent,
  KioskStatusSnapshot,
  KioskWentOfflineEvent,
  KioskWentStaleEvent,
  SellCapability,
} from '@app/contracts';

/** A kiosk_state row as returned by the liveness UPDATEs (RETURNING …, old.status AS previous). */
export interface StatusRow {
  kiosk_id: number;
  previous: KioskStatus;
  status: KioskStatus;
  connected: boolean;
  reporting: boolean;
  peripherals_ok: boolean | null;
  can_sell: SellCapability | null;
}

/** The columns every liveness UPDATE returns, with `old` being the locked pre-update rows. */
export const STATUS_RETURNING = `s.kiosk_id, old.status AS previous, s.status, s.connected, s.reporting, s.peripherals_ok, s.can_sell`;

export function snapshotOf(row: StatusRow, at = new Date()): KioskStatusSnapshot {
  return {
    kioskId: row.kiosk_id,
    status: row.status,
    connected: row.connected,
    reporting: row.reporting,
    peripheralsOk: row.peripherals_ok,
    canSell: row.can_sell,
    at,
  };
}

/** Turns status changes into events: one generic change plus the named transition. */
@Injectable()
export class KioskStatusChanges {
  constructor(private readonly events: EventBus) {}

  publish(rows: readonly StatusRow[]): void {
    const at = new Date();
    for (const row of rows) {
      if (row.previous === row.status) continue;
      const snapshot = snapshotOf(row, at);
      this.events.publish(new KioskStatusChangedEvent(snapshot, row.previous));
      if (row.status === 'offline') this.events.publish(new KioskWentOfflineEvent(snapshot));
      else if (row.status === 'stale') this.events.publish(new KioskWentStaleEvent(snapshot));
      else if (row.status === 'online' && (row.previous === 'offline' || row.previous === 'stale')) {
        this.events.publish(new KioskCameBackEvent(snapshot));
      }
    }
  }
}
