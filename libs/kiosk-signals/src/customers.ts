import { PaymentItem, PaymentMethod, PaymentStatus } from './reading';
import { localHour, localWeekday } from './environment';
import { KioskProfile } from './profile';
import { SeededRng } from './rng';

/** Share of the peak hour's traffic at each local hour: a lunch peak, an after-work bump, quiet nights. */
export const HOURLY_TRAFFIC: readonly number[] = [
  0.04, 0.03, 0.02, 0.02, 0.03, 0.07, 0.2, 0.45, 0.7, 0.72, 0.75, 0.88, 1.0, 0.95, 0.78, 0.7, 0.74, 0.86,
  0.82, 0.62, 0.42, 0.26, 0.14, 0.07,
];

/** Sunday … Saturday. */
export const WEEKDAY_TRAFFIC: readonly number[] = [0.6, 0.95, 1.0, 1.0, 1.02, 1.12, 0.85];

/** Customers per hour expected at this moment (the Poisson intensity). */
export function customerRate(profile: KioskProfile, simMs: number): number {
  const hour = Math.floor(localHour(profile, simMs));
  return (
    profile.traffic.peakCustomersPerHour *
    HOURLY_TRAFFIC[hour] *
    WEEKDAY_TRAFFIC[localWeekday(profile, simMs)]
  );
}

/** A base price list in major units; each site multiplies it by its `priceScale`. */
const CATALOGUE: readonly { sku: string; price: number; weight: number }[] = [
  { sku: 'TICKET-SINGLE', price: 1.5, weight: 30 },
  { sku: 'TICKET-RETURN', price: 2.8, weight: 18 },
  { sku: 'DAY-PASS', price: 7.5, weight: 8 },
  { sku: 'SNACK', price: 2.25, weight: 14 },
  { sku: 'DRINK', price: 1.95, weight: 16 },
  { sku: 'PARKING-1H', price: 3.0, weight: 10 },
  { sku: 'TOPUP-10', price: 10.0, weight: 6 },
  { sku: 'TOPUP-20', price: 20.0, weight: 3 },
];
const CATALOGUE_WEIGHT = CATALOGUE.reduce((s, c) => s + c.weight, 0);

export interface Sale {
  /** Simulated time of the sale. */
  atMs: number;
  method: PaymentMethod;
  status: PaymentStatus;
  /** What the kiosk reports; differs from the items' total only under `cash_mismatch`. */
  amount: string;
  /** The items' true total, kept for ground truth. */
  expectedAmount: string;
  currency: string;
  items: PaymentItem[];
  /** Banknotes this sale put into the cash box (0 unless cash). */
  notes: number;
}

export interface PaymentAvailability {
  cash: boolean;
  card: boolean;
  qr: boolean;
}

/** Prices are rounded to what a price list would show at the site's scale. */
function priceStep(priceScale: number): number {
  if (priceScale >= 100) return 10;
  if (priceScale >= 10) return 0.5;
  return 0.05;
}

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}

export function formatAmount(value: number): string {
  return (Math.round(value * 100) / 100).toFixed(2);
}

/**
 * Picks how the customer pays. A customer whose preferred method is out of order usually falls back
 * to another one, sometimes walks away (returns null).
 */
export function chooseMethod(
  profile: KioskProfile,
  available: PaymentAvailability,
  rng: SeededRng,
): PaymentMethod | null {
  const p = profile.payments;
  const x = rng.next();
  const preferred: PaymentMethod = x < p.cashShare ? 'cash' : x < p.cashShare + p.cardShare ? 'card' : 'qr';
  if (available[preferred]) return preferred;
  if (rng.chance(0.25)) return null;
  const fallbacks: PaymentMethod[] = (['card', 'qr', 'cash'] as const).filter((m) => available[m]);
  return fallbacks.length === 0 ? null : rng.pick(fallbacks);
}

export interface SaleOptions {
  cardSilentFailure: boolean;
  cashMismatch: boolean;
}

export function makeSale(
  profile: KioskProfile,
  atMs: number,
  method: PaymentMethod,
  options: SaleOptions,
  rng: SeededRng,
): Sale {
  const scale = profile.payments.priceScale;
  const step = priceStep(scale);
  const count = rng.chance(0.7) ? 1 : rng.chance(0.7) ? 2 : 3;
  const items: PaymentItem[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    let w = rng.next() * CATALOGUE_WEIGHT;
    let entry = CATALOGUE[0];
    for (const c of CATALOGUE) {
      w -= c.weight;
      if (w < 0) {
        entry = c;
        break;
      }
    }
    const qty = rng.chance(0.85) ? 1 : 2;
    const unit = Math.max(step, roundTo(entry.price * scale, step));
    total += unit * qty;
    items.push({ sku: entry.sku, qty, unit_price: formatAmount(unit) });
  }
  let status: PaymentStatus = 'completed';
  if (method === 'card') {
    // A silently failing reader still says "ready"; every card payment through it fails.
    if (options.cardSilentFailure || rng.chance(profile.payments.cardDeclineRate)) status = 'failed';
  } else if (method === 'qr' && rng.chance(profile.payments.qrFailureRate)) {
    status = 'failed';
  }
  let reported = total;
  let notes = 0;
  if (method === 'cash') {
    notes = Math.max(1, Math.ceil(total / (5 * scale)));
    // The acceptor credits a wrong note value: the reported amount no longer matches the items.
    if (options.cashMismatch && rng.chance(0.4)) {
      const delta = rng.pick([1, 2, 5]) * scale;
      reported = total > delta && rng.chance(0.5) ? total - delta : total + delta;
    }
  }
  return {
    atMs,
    method,
    status,
    amount: formatAmount(reported),
    expectedAmount: formatAmount(total),
    currency: profile.payments.currency,
    items,
    notes,
  };
}
