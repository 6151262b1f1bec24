import type { AlertDto, KioskDto, KioskStatusEvent, PaymentDto } from './events';

/** Resources as the API answers them, with only what a test cares about to override. */
export function kiosk(id: number, over: Partial<KioskDto> = {}): KioskDto {
  return {
    id,
    serial: `SIM-${id}`,
    name: `Kiosk ${id}`,
    code: `CODE${id}`,
    location: { lat: -34.6 + id / 1000, lng: -58.38 },
    tags: [],
    status: 'online',
    canSell: 'full',
    assignedTo: null,
    createdAt: '2026-12-01T00:00:00.000Z',
    lastSeenAt: '2026-12-07T10:00:00.000Z',
    firmwareVersion: '2.3.0',
    capabilities: null,
    ...over,
  } as KioskDto;
}

export function statusEvent(kioskId: number, over: Partial<KioskStatusEvent> = {}): KioskStatusEvent {
  return {
    kioskId,
    status: 'offline',
    connected: false,
    reporting: false,
    peripheralsOk: null,
    canSell: 'none',
    at: '2026-12-07T10:00:00.000Z',
    ...over,
  };
}

export function alert(id: string, over: Partial<AlertDto> = {}): AlertDto {
  return {
    id,
    kioskId: 1,
    ruleId: null,
    type: 'threshold',
    severity: 'major',
    status: 'open',
    muted: false,
    title: 'CPU too hot',
    occurrences: 1,
    firstSeenAt: '2026-12-07T10:00:00.000Z',
    lastSeenAt: '2026-12-07T10:00:00.000Z',
    ...over,
  } as AlertDto;
}

export function payment(id: string, over: Partial<PaymentDto> = {}): PaymentDto {
  return {
    id,
    kioskId: 1,
    transactionId: `TX-${id}`,
    amount: '12.50',
    amountMinor: 1250,
    currency: 'USD',
    method: 'card',
    status: 'completed',
    refundedAmount: '0.00',
    occurredAt: '2026-12-07T10:00:05.000Z',
    createdAt: '2026-12-07T10:00:05.000Z',
    ...over,
  };
}
