import { SeededRng } from './rng';
import { KioskProfile, clamp } from './profile';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Local wall-clock hour in [0, 24) at the kiosk's site. */
export function localHour(profile: KioskProfile, simMs: number): number {
  const local = simMs + profile.utcOffsetHours * HOUR_MS;
  return (((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
}

/** 0 = Sunday … 6 = Saturday, local to the site (1970-01-01 was a Thursday). */
export function localWeekday(profile: KioskProfile, simMs: number): number {
  const day = Math.floor((simMs + profile.utcOffsetHours * HOUR_MS) / DAY_MS);
  return (((day + 4) % 7) + 7) % 7;
}

/** Day of year in [0, 365), good enough for a seasonal cosine. */
export function dayOfYear(simMs: number): number {
  const d = new Date(simMs);
  return (
    (Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) /
    DAY_MS
  );
}

/**
 * Expected ambient temperature without noise: a yearly cosine peaking late July in the north
 * (late January in the south) plus a daily cosine peaking mid-afternoon and bottoming before dawn.
 */
export function ambientTemperature(profile: KioskProfile, simMs: number): number {
  const c = profile.climate;
  const season =
    Math.cos((2 * Math.PI * (dayOfYear(simMs) - 200)) / 365) * c.seasonalAmplitude * c.hemisphere;
  const daily = Math.cos((2 * Math.PI * (localHour(profile, simMs) - 15)) / 24) * c.dailyAmplitude;
  return c.meanTemp + season + daily;
}

/**
 * Advances a mean-reverting (Ornstein–Uhlenbeck) noise term by `dtSec`. Exact for any step, so the
 * same series results whether the kiosk samples every 5 s or a time-scaled run samples every hour.
 */
export function ouStep(x: number, dtSec: number, tauSec: number, sd: number, rng: SeededRng): number {
  if (dtSec <= 0) return x;
  const decay = Math.exp(-dtSec / tauSec);
  return x * decay + sd * Math.sqrt(1 - decay * decay) * rng.normal();
}

/** Relative humidity falls as the air warms over the day; outdoor units swing more. */
export function relativeHumidity(profile: KioskProfile, temperature: number, noise: number): number {
  const slope = profile.indoor ? 1.2 : 2.6;
  return clamp(
    profile.climate.meanHumidity - slope * (temperature - profile.climate.meanTemp) + noise,
    5,
    99,
  );
}

/** Air quality index: worse at the morning and evening rush hours. */
export function airQuality(profile: KioskProfile, simMs: number, noise: number): number {
  const h = localHour(profile, simMs);
  const rush = 18 * Math.exp(-((h - 8.5) ** 2) / 2) + 22 * Math.exp(-((h - 18.5) ** 2) / 3);
  const factor = profile.indoor ? 0.4 : 1;
  return clamp(profile.climate.airQualityBase + rush * factor + noise, 0, 500);
}

/** Latency multiplier by local hour: evenings the uplink is shared with everyone's streaming. */
export function networkHourFactor(profile: KioskProfile, simMs: number): number {
  const h = Math.floor(localHour(profile, simMs));
  return profile.network.badHours.includes(h) ? 2.2 : 1;
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
