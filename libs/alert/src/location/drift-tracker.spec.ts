import type { TelemetryReading } from '@app/contracts';
import { DriftTracker } from './drift-tracker';

const SITE = { lat: -34.6037, lng: -58.3816 };
/** About 1.1 km north of the site. */
const AWAY = { lat: -34.5937, lng: -58.3816 };
const T0 = Date.parse('2026-12-07T10:00:00Z');

function reading(
  kioskId: number,
  sec: number,
  at: { lat: number; lng: number },
  accuracy?: number,
): TelemetryReading {
  const timestamp = new Date(T0 + sec * 1000);
  return {
    kioskId,
    timestamp,
    receivedAt: timestamp,
    seq: null,
    environmental: { temperature: 20, humidity: 40, airQuality: 30 },
    hardware: { cpuTemp: 50, cpuUsage: 10, ramUsage: 20, diskUsage: 30 },
    peripherals: {},
    location: { ...at, accuracy },
    network: { latency: 50, signalStrength: -60 },
    extra: null,
  };
}

describe('DriftTracker', () => {
  const tracker = () => new DriftTracker({ radiusMeters: 500, forMs: 600_000, clearReadings: 3 });

  it('keeps no state for a kiosk at its site', () => {
    const t = tracker();
    for (let s = 0; s < 100; s += 5) expect(t.evaluate(reading(1, s, SITE, 5), SITE)).toBeNull();
    expect(t.size).toBe(0);
  });

  it('fires once the kiosk has been away for the whole window, then counts occurrences', () => {
    const t = tracker();
    expect(t.evaluate(reading(1, 0, AWAY, 8), SITE)).toBeNull();
    expect(t.evaluate(reading(1, 599, AWAY, 8), SITE)).toBeNull();
    const first = t.evaluate(reading(1, 600, AWAY, 8), SITE);
    expect(first).toMatchObject({ kind: 'fire', kioskId: 1, opened: true, accuracyM: 8, awayMs: 600_000 });
    expect(first?.kind === 'fire' && first.distanceM).toBeGreaterThan(1000);
    expect(t.evaluate(reading(1, 605, AWAY, 8), SITE)).toMatchObject({ kind: 'fire', opened: false });
  });

  it('ignores fixes with accuracy worse than 100 m or none at all, whatever they say', () => {
    const t = tracker();
    for (let s = 0; s <= 1200; s += 60) {
      expect(t.evaluate(reading(1, s, AWAY, 100.5), SITE)).toBeNull();
      expect(t.evaluate(reading(1, s, AWAY), SITE)).toBeNull();
      expect(t.evaluate(reading(1, s, AWAY, Number.NaN), SITE)).toBeNull();
    }
    expect(t.size).toBe(0);
    // An inaccurate fix at the site does not interrupt an excursion either.
    t.evaluate(reading(2, 0, AWAY, 100), SITE);
    t.evaluate(reading(2, 300, SITE, 150), SITE);
    expect(t.evaluate(reading(2, 600, AWAY, 100), SITE)).toMatchObject({ kind: 'fire' });
  });

  it('raises nothing for excursions shorter than the window', () => {
    const t = tracker();
    for (let trip = 0; trip < 5; trip++) {
      const start = trip * 1000;
      for (let s = 0; s < 590; s += 10) expect(t.evaluate(reading(1, start + s, AWAY, 5), SITE)).toBeNull();
      expect(t.evaluate(reading(1, start + 595, SITE, 5), SITE)).toBeNull();
    }
    expect(t.size).toBe(0);
  });

  it('resolves after the configured fixes back inside in a row; one fix away resets the count', () => {
    const t = tracker();
    t.evaluate(reading(1, 0, AWAY, 5), SITE);
    expect(t.evaluate(reading(1, 600, AWAY, 5), SITE)?.kind).toBe('fire');
    expect(t.evaluate(reading(1, 605, SITE, 5), SITE)).toBeNull();
    expect(t.evaluate(reading(1, 610, SITE, 5), SITE)).toBeNull();
    expect(t.evaluate(reading(1, 615, AWAY, 5), SITE)).toMatchObject({ kind: 'fire', opened: false });
    expect(t.evaluate(reading(1, 620, SITE, 5), SITE)).toBeNull();
    expect(t.evaluate(reading(1, 625, SITE, 5), SITE)).toBeNull();
    expect(t.evaluate(reading(1, 630, SITE, 5), SITE)).toEqual({ kind: 'clear', kioskId: 1 });
    expect(t.size).toBe(0);
  });

  it('starts over when the registered location changes, and resolves an alert the database holds open', () => {
    const t = tracker();
    t.evaluate(reading(1, 0, AWAY, 5), SITE);
    expect(t.evaluate(reading(1, 400, AWAY, 5), AWAY)).toBeNull(); // the admin moved the kiosk there
    expect(t.size).toBe(0);
    t.markFiring(3, SITE);
    t.evaluate(reading(3, 0, SITE, 5), SITE);
    t.evaluate(reading(3, 5, SITE, 5), SITE);
    expect(t.evaluate(reading(3, 10, SITE, 5), SITE)).toEqual({ kind: 'clear', kioskId: 3 });
  });

  it('does not throw at the coordinate range limits', () => {
    const t = tracker();
    const corners = [
      { lat: 90, lng: 180 },
      { lat: -90, lng: -180 },
      { lat: 0, lng: 180 },
      { lat: 0, lng: -180 },
    ];
    for (const site of corners)
      for (const at of corners) expect(() => t.evaluate(reading(9, 0, at, 0), site)).not.toThrow();
  });
});
