/**
 * The `configure` command (CONTRACT §8 "Remote configuration"): params `{ version: int, settings:
 * object ≤ 8 KB }`. The kiosk applies the settings it knows, ignores the others (a fleet's settings
 * run ahead of some firmware), and refuses the whole configuration when a known setting is unusable,
 * so the server keeps seeing it as not applied rather than half applied.
 */

/** Largest `settings` a kiosk accepts, in bytes of JSON (the contract's limit). */
export const MAX_SETTINGS_BYTES = 8 * 1024;

export interface KnownSettings {
  /** Seconds between readings. */
  telemetry_interval_sec?: number;
  /** Screen backlight, percent. */
  screen_brightness?: number;
  /** The price list the screen shows. */
  price_list_version?: string | number;
}

export interface ParsedConfigure {
  version: number;
  settings: KnownSettings;
}

/** Range of `telemetry_interval_sec`; below 0.05 s a kiosk would only flood its own rate limit. */
export const INTERVAL_RANGE_SEC: readonly [number, number] = [0.05, 86_400];

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const finiteIn = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

function settingsBytes(settings: Record<string, unknown>): number | null {
  try {
    return Buffer.byteLength(JSON.stringify(settings), 'utf8');
  } catch {
    // Too deep to serialise (stack overflow): certainly not a configuration a unit should take.
    return null;
  }
}

/** Checks `configure` params; the error text goes into the `error` ack. */
export function parseConfigure(
  params: Record<string, unknown> | null | undefined,
): { ok: true; value: ParsedConfigure } | { ok: false; error: string } {
  const version = params?.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) {
    return { ok: false, error: 'params.version must be a non-negative integer' };
  }
  const raw = params?.settings;
  if (!isPlainObject(raw)) return { ok: false, error: 'params.settings must be an object' };
  const bytes = settingsBytes(raw);
  if (bytes === null || bytes > MAX_SETTINGS_BYTES) {
    return { ok: false, error: `params.settings must be at most ${MAX_SETTINGS_BYTES} bytes of JSON` };
  }
  const settings: KnownSettings = {};
  const interval = raw.telemetry_interval_sec;
  if (interval !== undefined) {
    if (!finiteIn(interval, INTERVAL_RANGE_SEC[0], INTERVAL_RANGE_SEC[1])) {
      return {
        ok: false,
        error: `settings.telemetry_interval_sec must be a number in [${INTERVAL_RANGE_SEC.join(', ')}]`,
      };
    }
    settings.telemetry_interval_sec = interval;
  }
  const brightness = raw.screen_brightness;
  if (brightness !== undefined) {
    if (!finiteIn(brightness, 0, 100)) {
      return { ok: false, error: 'settings.screen_brightness must be a number in [0, 100]' };
    }
    settings.screen_brightness = brightness;
  }
  const priceList = raw.price_list_version;
  if (priceList !== undefined) {
    const okString = typeof priceList === 'string' && priceList.length >= 1 && priceList.length <= 64;
    const okNumber = typeof priceList === 'number' && Number.isSafeInteger(priceList) && priceList >= 0;
    if (!okString && !okNumber) {
      return {
        ok: false,
        error: 'settings.price_list_version must be a string of 1–64 characters or a non-negative integer',
      };
    }
    settings.price_list_version = priceList;
  }
  return { ok: true, value: { version, settings } };
}

/** What the kiosk runs with; `version` null until the first `configure`. */
export interface AppliedConfig {
  version: number | null;
  screenBrightness: number;
  priceListVersion: string | number | null;
}
