import { CardReaderStatus, CashAcceptorStatus, PeripheralsReading, PrinterStatus } from './reading';
import { ActiveFaults, isActive } from './faults';
import { KioskProfile } from './profile';
import { SeededRng } from './rng';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Times are simulated ms; 0 means "not in that condition". */
export interface PeripheralState {
  ink: number;
  printsUntilJam: number;
  jammedUntil: number;
  printerOfflineUntil: number;
  inkRefillAt: number;
  cashNotes: number;
  cashEmptyAt: number;
  cashErrorUntil: number;
  cardErrorUntil: number;
}

export function createPeripheralState(profile: KioskProfile, rng: SeededRng): PeripheralState {
  return {
    ink: rng.uniform(30, 100),
    printsUntilJam: rng.exponential(profile.peripherals.printsPerJam),
    jammedUntil: 0,
    printerOfflineUntil: 0,
    inkRefillAt: 0,
    cashNotes: Math.floor(rng.uniform(0, 0.6) * profile.peripherals.cashCapacityNotes),
    cashEmptyAt: 0,
    cashErrorUntil: 0,
    cardErrorUntil: 0,
  };
}

/** Probability that an event with this mean time between failures happens within `hours`. */
function hazard(hours: number, mtbfHours: number): number {
  return 1 - Math.exp(-hours / mtbfHours);
}

/**
 * Time-driven failures and the technician visits that fix them. Repairs are not instant: a jammed
 * printer waits for staff, a full cash box for the cash-collection round.
 */
export function advancePeripherals(
  p: PeripheralState,
  profile: KioskProfile,
  t1: number,
  hours: number,
  faults: ActiveFaults,
  rng: SeededRng,
): void {
  if (p.jammedUntil !== 0 && t1 >= p.jammedUntil) p.jammedUntil = 0;
  if (p.printerOfflineUntil !== 0 && t1 >= p.printerOfflineUntil) p.printerOfflineUntil = 0;
  if (p.cashErrorUntil !== 0 && t1 >= p.cashErrorUntil) p.cashErrorUntil = 0;
  if (p.cardErrorUntil !== 0 && t1 >= p.cardErrorUntil) p.cardErrorUntil = 0;
  if (p.inkRefillAt !== 0 && t1 >= p.inkRefillAt) {
    p.ink = 100;
    p.inkRefillAt = 0;
  }
  if (p.cashEmptyAt !== 0 && t1 >= p.cashEmptyAt) {
    p.cashNotes = 0;
    p.cashEmptyAt = 0;
  }
  const pf = profile.peripherals;
  if (p.printerOfflineUntil === 0 && rng.chance(hazard(hours, pf.printerOfflineMtbfHours))) {
    p.printerOfflineUntil = t1 + Math.max(20 * MINUTE_MS, rng.exponential(4 * HOUR_MS));
  }
  if (p.cashErrorUntil === 0 && rng.chance(hazard(hours, pf.cashErrorMtbfHours))) {
    p.cashErrorUntil = t1 + Math.max(20 * MINUTE_MS, rng.exponential(3 * HOUR_MS));
  }
  if (p.cardErrorUntil === 0 && rng.chance(hazard(hours, pf.cardErrorMtbfHours))) {
    p.cardErrorUntil = t1 + Math.max(15 * MINUTE_MS, rng.exponential(2 * HOUR_MS));
  }
  // A storm: jams every ~12 minutes, each cleared by staff within a few minutes, then again.
  if (isActive(faults, 'printer_jam_storm') && p.jammedUntil === 0 && rng.chance(hazard(hours, 0.2))) {
    p.jammedUntil = t1 + Math.max(MINUTE_MS, rng.exponential(4 * MINUTE_MS));
  }
}

/** A completed sale prints a receipt: ink goes down and, now and then, the paper jams. */
export function printReceipt(
  p: PeripheralState,
  profile: KioskProfile,
  atMs: number,
  faults: ActiveFaults,
  rng: SeededRng,
): void {
  if (p.jammedUntil !== 0 || p.printerOfflineUntil !== 0) return;
  p.ink = Math.max(0, p.ink - profile.peripherals.inkPerPrint);
  if (p.ink < 10 && p.inkRefillAt === 0)
    p.inkRefillAt = atMs + Math.max(HOUR_MS, rng.exponential(16 * HOUR_MS));
  const storm = isActive(faults, 'printer_jam_storm');
  p.printsUntilJam -= storm ? 25 : 1;
  if (p.printsUntilJam <= 0) {
    p.printsUntilJam = rng.exponential(profile.peripherals.printsPerJam);
    const meanClear = storm ? 4 * MINUTE_MS : 45 * MINUTE_MS;
    p.jammedUntil = atMs + Math.max(MINUTE_MS, rng.exponential(meanClear));
  }
}

export function acceptCash(
  p: PeripheralState,
  profile: KioskProfile,
  atMs: number,
  notes: number,
  rng: SeededRng,
): void {
  p.cashNotes += notes;
  if (p.cashNotes >= profile.peripherals.cashCapacityNotes && p.cashEmptyAt === 0) {
    p.cashNotes = profile.peripherals.cashCapacityNotes;
    p.cashEmptyAt = atMs + Math.max(30 * MINUTE_MS, rng.exponential(5 * HOUR_MS));
  }
}

export function printerStatus(p: PeripheralState): PrinterStatus {
  if (p.printerOfflineUntil !== 0) return 'offline';
  if (p.jammedUntil !== 0) return 'paper_jam';
  if (p.ink < 10) return 'low_ink';
  return 'ready';
}

export function cashStatus(p: PeripheralState, profile: KioskProfile): CashAcceptorStatus {
  if (p.cashErrorUntil !== 0) return 'error';
  if (p.cashNotes >= profile.peripherals.cashCapacityNotes) return 'full';
  return 'ready';
}

export function cardStatus(p: PeripheralState): CardReaderStatus {
  return p.cardErrorUntil !== 0 ? 'error' : 'ready';
}

export function peripheralsReading(p: PeripheralState, profile: KioskProfile): PeripheralsReading {
  return {
    printer_status: printerStatus(p),
    cash_acceptor: cashStatus(p, profile),
    card_reader: cardStatus(p),
  };
}

/** What a technician on a maintenance visit does: clear jams, refill ink, empty cash, fix errors. */
export function servicePeripherals(p: PeripheralState): void {
  p.jammedUntil = 0;
  p.printerOfflineUntil = 0;
  p.cashErrorUntil = 0;
  p.cardErrorUntil = 0;
  p.cashNotes = 0;
  p.cashEmptyAt = 0;
  if (p.ink < 60) p.ink = 100;
  p.inkRefillAt = 0;
}

/** A reboot re-initialises drivers: an offline printer or a wedged card reader usually come back. */
export function rebootPeripherals(p: PeripheralState): void {
  p.printerOfflineUntil = 0;
  p.cardErrorUntil = 0;
}
