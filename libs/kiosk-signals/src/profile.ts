import { SeededRng } from './rng';

/** A place kiosks are installed; a fleet config lists these, kiosks are scattered around them. */
export interface Site {
  name: string;
  lat: number;
  lng: number;
  address?: string;
  /** Hours from UTC; defaults to solar time from the longitude, which is close enough for load curves. */
  utcOffsetHours?: number;
  currency?: string;
  /** Multiplies the price list (1 for USD/EUR-like currencies, ~1000 for ARS). */
  priceScale?: number;
  /** Indoor kiosks sit in conditioned air: smaller daily and seasonal swings. */
  indoor?: boolean;
  /** Customers per hour at the busiest hour of a weekday. */
  peakCustomersPerHour?: number;
  /** Relative weight when kiosks are spread over several sites. */
  weight?: number;
}

export interface KioskProfile {
  serial: string;
  site: string;
  lat: number;
  lng: number;
  utcOffsetHours: number;
  indoor: boolean;
  climate: {
    meanTemp: number;
    dailyAmplitude: number;
    seasonalAmplitude: number;
    /** +1 north, -1 south: seasons are opposite across the equator. */
    hemisphere: 1 | -1;
    meanHumidity: number;
    airQualityBase: number;
  };
  traffic: {
    peakCustomersPerHour: number;
    sessionSeconds: number;
  };
  payments: {
    currency: string;
    priceScale: number;
    cashShare: number;
    cardShare: number;
    cardDeclineRate: number;
    qrFailureRate: number;
  };
  hardware: {
    idleCpu: number;
    cpuPerCustomer: number;
    thermalOffset: number;
    ramBase: number;
    ramLeakPerDay: number;
    diskStart: number;
    diskFillPerDay: number;
  };
  peripherals: {
    printsPerJam: number;
    inkPerPrint: number;
    cashCapacityNotes: number;
    printerOfflineMtbfHours: number;
    cashErrorMtbfHours: number;
    cardErrorMtbfHours: number;
  };
  network: {
    baseLatencyMs: number;
    jitterSigma: number;
    /** Local hours when the uplink is congested (evening streaming, shift changes). */
    badHours: readonly number[];
    baseSignal: number;
  };
}

export const DEFAULT_SITES: readonly Site[] = [
  {
    name: 'Buenos Aires',
    lat: -34.6037,
    lng: -58.3816,
    utcOffsetHours: -3,
    currency: 'ARS',
    priceScale: 1000,
  },
  { name: 'São Paulo', lat: -23.5505, lng: -46.6333, utcOffsetHours: -3, currency: 'BRL', priceScale: 5 },
  { name: 'Mexico City', lat: 19.4326, lng: -99.1332, utcOffsetHours: -6, currency: 'MXN', priceScale: 18 },
  { name: 'New York', lat: 40.7128, lng: -74.006, utcOffsetHours: -5, currency: 'USD', indoor: true },
  { name: 'Madrid', lat: 40.4168, lng: -3.7038, utcOffsetHours: 1, currency: 'EUR' },
  { name: 'London', lat: 51.5074, lng: -0.1278, utcOffsetHours: 0, currency: 'GBP', indoor: true },
];

const METRES_PER_DEGREE = 111_320;

/**
 * A kiosk's fixed characteristics, drawn once from its site plus per-unit variation: two kiosks on
 * the same street do not have identical fans, disks or foot traffic.
 */
export function createProfile(
  serial: string,
  site: Site,
  rng: SeededRng,
  scatterMetres = 3000,
): KioskProfile {
  const r = rng.fork(`profile:${serial}`);
  const absLat = Math.abs(site.lat);
  const indoor = site.indoor ?? r.chance(0.4);
  const dLat = r.normal(0, scatterMetres / 2) / METRES_PER_DEGREE;
  const dLng =
    r.normal(0, scatterMetres / 2) /
    (METRES_PER_DEGREE * Math.max(0.2, Math.cos((site.lat * Math.PI) / 180)));
  // Yearly mean falls roughly 0.4 °C per degree of latitude away from a ~27 °C equator.
  const outdoorMean = 27 - 0.4 * absLat;
  return {
    serial,
    site: site.name,
    lat: clamp(site.lat + dLat, -90, 90),
    lng: clamp(site.lng + dLng, -180, 180),
    utcOffsetHours: site.utcOffsetHours ?? Math.round(site.lng / 15),
    indoor,
    climate: {
      meanTemp: indoor ? r.uniform(21, 24) : outdoorMean + r.normal(0, 1),
      dailyAmplitude: indoor ? r.uniform(0.8, 1.8) : r.uniform(3.5, 6.5),
      seasonalAmplitude: indoor ? 0.5 : 0.22 * absLat,
      hemisphere: site.lat >= 0 ? 1 : -1,
      meanHumidity: indoor ? r.uniform(38, 50) : r.uniform(55, 72),
      airQualityBase: indoor ? r.uniform(15, 35) : r.uniform(30, 70),
    },
    traffic: {
      peakCustomersPerHour: (site.peakCustomersPerHour ?? 24) * r.logNormal(1, 0.35),
      sessionSeconds: r.uniform(45, 110),
    },
    payments: {
      currency: site.currency ?? 'USD',
      priceScale: site.priceScale ?? 1,
      cashShare: r.uniform(0.15, 0.4),
      cardShare: r.uniform(0.35, 0.6),
      cardDeclineRate: 0.03,
      qrFailureRate: 0.02,
    },
    hardware: {
      idleCpu: r.uniform(4, 12),
      cpuPerCustomer: r.uniform(35, 55),
      thermalOffset: r.normal(0, 2),
      ramBase: r.uniform(32, 48),
      ramLeakPerDay: r.uniform(0.3, 1.2),
      diskStart: r.uniform(35, 75),
      diskFillPerDay: r.uniform(0.15, 0.6),
    },
    peripherals: {
      printsPerJam: r.uniform(400, 1200),
      inkPerPrint: r.uniform(0.04, 0.09),
      cashCapacityNotes: r.int(400, 900),
      printerOfflineMtbfHours: r.uniform(400, 1200),
      cashErrorMtbfHours: r.uniform(300, 900),
      cardErrorMtbfHours: r.uniform(500, 1500),
    },
    network: {
      baseLatencyMs: r.uniform(25, 90),
      jitterSigma: r.uniform(0.15, 0.35),
      badHours: [19, 20, 21, 22].filter(() => r.chance(0.7)),
      baseSignal: r.uniform(-75, -52),
    },
  };
}

/** Picks a site by weight, deterministically for a serial. */
export function pickSite<T extends Site>(sites: readonly T[], rng: SeededRng): T {
  const total = sites.reduce((sum, s) => sum + (s.weight ?? 1), 0);
  let x = rng.next() * total;
  for (const site of sites) {
    x -= site.weight ?? 1;
    if (x < 0) return site;
  }
  return sites[sites.length - 1];
}

export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
