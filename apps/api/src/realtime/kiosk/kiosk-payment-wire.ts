import { PAYMENT_METHODS, type PaymentMethod } from '@app/contracts';
import type { RecordKioskPaymentCommand, RecordZReportCommand } from '@app/payment';
import { firstErrorAjv, invalid, type Parsed, parseWireTimestamp, toFieldErrors } from './kiosk-wire';
import { unstorableFields, WHOLE_MESSAGE_BOUNDS } from './storable-json';

/**
 * `kiosk_payment` (CONTRACT.md §3): a sale (no `type`, or `type: "sale"`), or the kiosk's own day
 * totals (`type: "z_report"`). Only the shape is checked here; amounts are read exactly by the
 * payment module, which answers a bad amount with its field. Unknown fields are tolerated.
 */
const AMOUNT = { anyOf: [{ type: 'string', minLength: 1, maxLength: 40 }, { type: 'number' }] };
// Every string with a pattern has a `maxLength`, checked first; these schemas are compiled with
// `allErrors: false`, so no pattern ever runs on a string over it (see kiosk-wire.ts).
const CURRENCY = { type: 'string', maxLength: 3, pattern: '^[A-Za-z]{3}$' };
// Dot-separated labels that cannot contain a dot: one way to match, so no backtracking.
const EMAIL = '^[^\\s@]+@[^\\s@.]+(?:\\.[^\\s@.]+)+$';

export const kioskSaleSchema = {
  type: 'object',
  required: ['transaction_id', 'amount', 'currency', 'method', 'status', 'timestamp'],
  properties: {
    type: { type: 'string', enum: ['sale'] },
    kiosk_id: { type: 'integer', minimum: 1 },
    serial: { type: 'string', minLength: 1, maxLength: 64 },
    transaction_id: { type: 'string', minLength: 1, maxLength: 128 },
    amount: AMOUNT,
    currency: CURRENCY,
    method: { type: 'string', enum: PAYMENT_METHODS },
    status: { type: 'string', enum: ['completed', 'failed'] },
    timestamp: { type: 'string', maxLength: 40 },
    items: { type: 'array', maxItems: 100, items: { type: 'object' } },
    customer_email: { type: 'string', maxLength: 254, pattern: EMAIL },
  },
} as const;

export const kioskZReportSchema = {
  type: 'object',
  required: ['type', 'business_date', 'totals'],
  properties: {
    type: { type: 'string', enum: ['z_report'] },
    kiosk_id: { type: 'integer', minimum: 1 },
    serial: { type: 'string', minLength: 1, maxLength: 64 },
    business_date: { type: 'string', maxLength: 10, pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
    timezone: { type: 'string', minLength: 1, maxLength: 64 },
    timestamp: { type: 'string', maxLength: 40 },
    totals: {
      type: 'array',
      maxItems: 64,
      items: {
        type: 'object',
        required: ['currency', 'amount'],
        properties: {
          currency: CURRENCY,
          method: { type: 'string', enum: PAYMENT_METHODS },
          count: { type: 'integer', minimum: 0, maximum: 10_000_000 },
          amount: AMOUNT,
        },
      },
    },
  },
} as const;

const validateSale = firstErrorAjv.compile(kioskSaleSchema);
const validateZReport = firstErrorAjv.compile(kioskZReportSchema);

export type KioskPaymentMessage =
  | { kind: 'sale'; payment: RecordKioskPaymentCommand['payment'] }
  | { kind: 'z_report'; report: RecordZReportCommand['report'] };

interface WireSale {
  serial?: string;
  transaction_id: string;
  amount: string | number;
  currency: string;
  method: PaymentMethod;
  status: 'completed' | 'failed';
  timestamp: string;
  items?: Record<string, unknown>[];
  customer_email?: string;
}

interface WireZReport {
  serial?: string;
  business_date: string;
  timezone?: string;
  totals: Array<{ currency: string; method?: PaymentMethod; count?: number; amount: string | number }>;
}

const serialMismatch = {
  ok: false as const,
  error: {
    code: 'serial_mismatch' as const,
    message: 'serial is not the serial this socket authenticated with',
  },
};

function realDate(ymd: string): boolean {
  const d = new Date(`${ymd}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === ymd;
}

export function parseKioskPayment(payload: unknown, kiosk: { serial: string }): Parsed<KioskPaymentMessage> {
  const type = (payload as { type?: unknown } | null)?.type;
  if (type === 'z_report') {
    if (!validateZReport(payload)) return invalid(toFieldErrors(validateZReport.errors));
    const unstorable = unstorableFields(
      payload as unknown as Record<string, unknown>,
      WHOLE_MESSAGE_BOUNDS,
      '(payload)',
    );
    if (unstorable) return invalid([unstorable]);
    const p = payload as unknown as WireZReport;
    if (p.serial !== undefined && p.serial !== kiosk.serial) return serialMismatch;
    if (!realDate(p.business_date))
      return invalid([{ field: 'business_date', message: 'must be a date YYYY-MM-DD' }]);
    return {
      ok: true,
      value: {
        kind: 'z_report',
        report: {
          businessDate: p.business_date,
          timezone: p.timezone ?? 'UTC',
          totals: p.totals.map((t) => ({
            currency: t.currency,
            method: t.method ?? null,
            count: t.count ?? null,
            amount: t.amount,
          })),
        },
      },
    };
  }
  if (!validateSale(payload)) return invalid(toFieldErrors(validateSale.errors));
  // Items are stored as sent (jsonb) and every other string is stored too: all of it must be storable.
  const unstorable = unstorableFields(
    payload as unknown as Record<string, unknown>,
    WHOLE_MESSAGE_BOUNDS,
    '(payload)',
  );
  if (unstorable) return invalid([unstorable]);
  const p = payload as unknown as WireSale;
  if (p.serial !== undefined && p.serial !== kiosk.serial) return serialMismatch;
  const occurredAt = parseWireTimestamp(p.timestamp);
  if (!occurredAt) return invalid([{ field: 'timestamp', message: 'must be an ISO 8601 date-time' }]);
  return {
    ok: true,
    value: {
      kind: 'sale',
      payment: {
        transactionId: p.transaction_id,
        amount: p.amount,
        currency: p.currency,
        method: p.method,
        status: p.status,
        occurredAt,
        items: p.items ?? null,
        customerEmail: p.customer_email ?? null,
      },
    },
  };
}
