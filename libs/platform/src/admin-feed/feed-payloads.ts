import type {
  CommandSnapshot,
  CommandUpdatedFeedPayload,
  KioskStatusFeedPayload,
  KioskStatusSnapshot,
} from '@app/contracts';

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

export function commandUpdatedPayload(c: CommandSnapshot): CommandUpdatedFeedPayload {
  return { id: c.id, kioskId: c.kioskId, command: c.command, status: c.status, at: c.at.toISOString() };
}
