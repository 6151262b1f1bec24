import type { TelemetryReading } from '@app/contracts';
import { distanceMeters } from './geo-distance';

/** A GPS fix less precise than this says nothing about where the kiosk is (CONTRACT §8). */
export const MAX_FIX_ACCURACY_M = 100;

export interface DriftSettings {
  /** Farther than this from the registered location is "away". */
  radiusMeters: number;
  /** Away, without an accurate fix back inside, for this long (kiosk clock) raises the alert. */
  forMs: number;
  /** Accurate fixes back inside, in a row, that resolve it (ALERT_AUTO_RESOLVE_READINGS). */
  clearReadings: number;
}

export interface Site {
  lat: number;
  lng: number;
}

export type DriftDecision =
  | {
      kind: 'fire';
      kioskId: number;
      /** False when this kiosk's alert is known to be open already (an occurrence, not a raise). */
      opened: boolean;
      distanceM: number;
      accuracyM: number;
      /** How long it has been away, by the readings' clock. */
      awayMs: number;
      receivedAt: Date;
    }
  | { kind: 'clear'; kioskId: number };

interface DriftState {
  /** Reading time (ms, kiosk clock) of the first accurate fix away, in the current run; NaN inside. */
  awaySince: number;
  /** Accurate fixes inside the radius in a row while firing. */
  back: number;
  firing: boolean;
  /** The registered location this state was measured against: a kiosk moved by an admin starts over. */
  siteLat: number;
  siteLng: number;
}

/**
 * Per-kiosk drift state, incremental like RuleEvaluator: a kiosk at its site keeps no state, so the
 * common reading costs one accuracy check and one haversine. Fixes with no accuracy or one worse than
 * 100 m are skipped entirely: they neither start, extend, nor interrupt an excursion. A short trip
 * away (shorter than `forMs`) raises nothing; the alert resolves after `clearReadings` accurate fixes
 * back inside in a row (the same hysteresis as rule alerts), and one fix away again resets that count.
 * Pure and clock-free (time is the readings' own), so a replay of stored readings decides as live did.
 */
export class DriftTracker {
  private readonly states = new Map<number, DriftState>();

  constructor(private readonly settings: DriftSettings) {}

  get size(): number {
    return this.states.size;
  }

  evaluate(r: TelemetryReading, site: Site | undefined): DriftDecision | null {
    const accuracy = r.location.accuracy;
    if (accuracy === undefined || !(accuracy <= MAX_FIX_ACCURACY_M) || !site) return null;
    let st = this.states.get(r.kioskId);
    if (st && (st.siteLat !== site.lat || st.siteLng !== site.lng)) {
      st.siteLat = site.lat;
      st.siteLng = site.lng;
      st.awaySince = NaN;
      st.back = 0;
    }
    const d = distanceMeters(site.lat, site.lng, r.location.lat, r.location.lng);
    const t = r.timestamp.getTime();
    if (d > this.settings.radiusMeters) {
      if (!st) {
        st = { awaySince: t, back: 0, firing: false, siteLat: site.lat, siteLng: site.lng };
        this.states.set(r.kioskId, st);
      }
      st.back = 0;
      if (Number.isNaN(st.awaySince)) st.awaySince = t;
      const awayMs = t - st.awaySince;
      if (awayMs < this.settings.forMs) return null;
      const opened = !st.firing;
      st.firing = true;
      return {
        kind: 'fire',
        kioskId: r.kioskId,
        opened,
        distanceM: d,
        accuracyM: accuracy,
        awayMs,
        receivedAt: r.receivedAt,
      };
    }
    if (!st) return null;
    if (!st.firing) {
      this.states.delete(r.kioskId); // a short trip: forgotten
      return null;
    }
    // Firing: the alert stays open (its run unbroken) until enough fixes in a row say it is back.
    if (++st.back < this.settings.clearReadings) return null;
    this.states.delete(r.kioskId);
    return { kind: 'clear', kioskId: r.kioskId };
  }

  /** The database holds an open drift alert for this kiosk: fixes back inside should resolve it. */
  markFiring(kioskId: number, site: Site): void {
    const st = this.states.get(kioskId);
    if (st) st.firing = true;
    else
      this.states.set(kioskId, {
        awaySince: NaN,
        back: 0,
        firing: true,
        siteLat: site.lat,
        siteLng: site.lng,
      });
  }

  forget(kioskId: number): void {
    this.states.delete(kioskId);
  }
}
