import { BrokenPayload, KioskUpdatePayload, SeededRng } from '../../../libs/kiosk-signals/src';
import { KioskPaymentPayload } from '../wire';

/** Share of readings a `malformed` kiosk breaks; the rest go out valid, as a half-broken firmware would. */
export const MALFORMED_SHARE = 0.4;
/** Share of readings a `spoof` kiosk sends under someone else's serial. */
export const SPOOF_SHARE = 0.5;
/** Extra readings a `flood` kiosk fires per tick: far beyond any sane per-kiosk rate limit. */
export const FLOOD_BURST = 30;

const OVERSIZE_BYTES = 17 * 1024;

/**
 * One of the ways a buggy or hostile unit breaks a `kiosk_update`, each aimed at a rule in §5:
 * wrong types, out-of-range values, bad timestamps, missing sections, unknown enum values, more
 * than 16 KB, or not an object at all.
 */
export function corruptReading(payload: KioskUpdatePayload, rng: SeededRng): BrokenPayload {
  const p = JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
  const hw = p.hardware as Record<string, unknown>;
  const env = p.environmental as Record<string, unknown>;
  switch (rng.int(0, 8)) {
    case 0:
      hw.cpu_temp = String(hw.cpu_temp);
      return p;
    case 1:
      env.humidity = 140 + rng.uniform(0, 50);
      hw.cpu_usage = -5;
      return p;
    case 2:
      p.timestamp = rng.pick(['yesterday', '2026-13-45T25:61:00Z', '', 'NaN']);
      return p;
    case 3:
      delete p.hardware;
      p.environmental = null;
      return p;
    case 4:
      (p.peripherals as Record<string, unknown>).printer_status = 'on_fire';
      return p;
    case 5:
      p.firmware_dump = 'x'.repeat(OVERSIZE_BYTES);
      return p;
    case 6:
      return 'kiosk_update:' + JSON.stringify(payload).slice(0, 40);
    default:
      return [payload.seq ?? 0, 'garbage', null];
  }
}

export function corruptPayment(payment: KioskPaymentPayload, rng: SeededRng): BrokenPayload {
  const p = { ...payment } as Record<string, unknown>;
  switch (rng.int(0, 3)) {
    case 0:
      p.amount = '12.5.0';
      return p;
    case 1:
      p.method = 'barter';
      return p;
    default:
      delete p.transaction_id;
      return p;
  }
}

/** A serial that is not the kiosk's own: a neighbour's if known, else a plausible invented one. */
export function spoofedSerial(own: string, peer: string | undefined, rng: SeededRng): string {
  if (peer && peer !== own && rng.chance(0.7)) return peer;
  return `${own.slice(0, -3)}${String(rng.int(0, 1000)).padStart(3, '0')}X`;
}
