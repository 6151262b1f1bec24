import type { TelemetryReading } from '@app/contracts';
import { KioskTelemetryThrottle } from './kiosk-telemetry-throttle';

const reading = (kioskId: number, atMs: number): TelemetryReading => ({
  kioskId,
  timestamp: new Date(atMs),
  receivedAt: new Date(atMs),
  seq: null,
  environmental: { temperature: 20, humidity: 50, airQuality: 30 },
  hardware: { cpuTemp: 50, cpuUsage: 10, ramUsage: 20, diskUsage: 30 },
  peripherals: {},
  location: { lat: 0, lng: 0 },
  network: { latency: 10, signalStrength: -50 },
  extra: null,
});

describe('KioskTelemetryThrottle', () => {
  let sent: { kioskId: number; at: number; sentAt: number }[];
  let throttle: KioskTelemetryThrottle;
  const T0 = Date.UTC(2026, 10, 25, 10);

  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    sent = [];
    throttle = new KioskTelemetryThrottle((r) =>
      sent.push({ kioskId: r.kioskId, at: r.timestamp.getTime(), sentAt: Date.now() }),
    );
  });
  afterEach(() => {
    throttle.stop();
    jest.useRealTimers();
  });

  it('sends the first reading at once and the newest of a burst when the second is up', () => {
    for (let i = 0; i < 10; i++) {
      throttle.offer(reading(1, T0 + i * 100));
      jest.advanceTimersByTime(100);
    }
    jest.advanceTimersByTime(2000);
    expect(sent).toEqual([
      { kioskId: 1, at: T0, sentAt: T0 },
      { kioskId: 1, at: T0 + 900, sentAt: T0 + 1000 },
    ]);
  });

  it('never sends two readings of one kiosk less than a second apart, and throttles kiosks apart', () => {
    for (let i = 0; i < 50; i++) {
      throttle.offer(reading(1, T0 + i * 70));
      throttle.offer(reading(2, T0 + i * 70));
      jest.advanceTimersByTime(70);
    }
    jest.advanceTimersByTime(2000);
    for (const k of [1, 2]) {
      const times = sent.filter((s) => s.kioskId === k).map((s) => s.sentAt);
      expect(times.length).toBeGreaterThanOrEqual(4);
      for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1000);
      // the last reading offered is the last one shown
      expect(sent.filter((s) => s.kioskId === k).at(-1)?.at).toBe(T0 + 49 * 70);
    }
  });

  it('ignores a reading older than one already seen (a resend after reconnect)', () => {
    throttle.offer(reading(1, T0 + 5000));
    jest.advanceTimersByTime(1500);
    throttle.offer(reading(1, T0 + 1000));
    jest.advanceTimersByTime(1500);
    expect(sent.map((s) => s.at)).toEqual([T0 + 5000]);
  });

  it('forgets kiosks that went quiet, so the map stays bounded', () => {
    throttle.start();
    for (let k = 1; k <= 100; k++) throttle.offer(reading(k, T0));
    expect(throttle.size).toBe(100);
    jest.advanceTimersByTime(30_000);
    throttle.offer(reading(7, T0 + 30_000));
    jest.advanceTimersByTime(31_000);
    expect(throttle.size).toBe(1);
    jest.advanceTimersByTime(60_000);
    expect(throttle.size).toBe(0);
  });
});
