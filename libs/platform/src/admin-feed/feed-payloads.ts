import type {
  CommandSnapshot,
  CommandUpdatedFeedPayload,
  FeedReading,
  KioskStatusFeedPayload,
  KioskStatusSnapshot,
  TelemetryReading,
} from '@app/core';

export function kioskStatusPayload(s: KioskStatusSnapshot): KioskStatusFeedPayload {
  return {
    kioskId: s.kioskId,
    status: s.status,
    connected: s.connected,
    reporting: s.reporting,
    peripheralsOk: s.peripheralsOk,
    canSell: s.canSell,
    at: s.at.toISOString(),
  };
}

/** The same shape as the state resource's `lastReading`: no attribution, no `extra`. */
export function feedReading(r: TelemetryReading): FeedReading {
  return {
    timestamp: r.timestamp.toISOString(),
    environmental: r.environmental,
    hardware: r.hardware,
    peripherals: r.peripherals,
    location: r.location,
    network: r.network,
  };
}

export function commandUpdatedPayload(c: CommandSnapshot): CommandUpdatedFeedPayload {
  return { id: c.id, kioskId: c.kioskId, command: c.command, status: c.status, at: c.at.toISOString() };
}
