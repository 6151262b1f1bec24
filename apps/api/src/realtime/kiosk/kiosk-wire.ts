import Ajv, { ErrorObject } from 'ajv';
import { type FieldError } from '@app/core';
import {
  KIOSK_COMMANDS,
  type KioskCommandName,
  type KioskWireError,
  type TelemetryReading,
} from '@app/contracts';
import {
  FLOAT4_MAX,
  kioskCommandAckSchema,
  kioskJoinSchema,
  kioskUpdateSchema,
  SECTION_FIELDS,
  TOP_LEVEL_FIELDS,
} from './kiosk-wire.schemas';
import { type JsonBounds, unstorableFields, WHOLE_MESSAGE_BOUNDS } from './storable-json';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: KioskWireError };

/**
 * Two validators on purpose. Ajv checks a string's `maxLength` before its `pattern`, but with
 * `allErrors: true` it goes on to run the pattern on a string already found too long; with
 * `allErrors: false` it stops at the first failed keyword (inside `anyOf` branches too). So a
 * schema with a pattern is compiled without `allErrors`: no pattern ever runs on an over-long
 * string. The schemas without a pattern keep `allErrors`, so a kiosk learns every problem at once.
 */
const allErrorsAjv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: false });
export const firstErrorAjv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: false });

/** Compiles a schema for reporting every error; refuses (at start-up) one that holds a pattern. */
export function compileAllErrors<T extends object>(schema: T) {
  if (JSON.stringify(schema).includes('"pattern"')) {
    throw new Error('A schema with a pattern must be compiled with firstErrorAjv');
  }
  return allErrorsAjv.compile(schema);
}

const validateUpdate = compileAllErrors(kioskUpdateSchema);
const validateJoin = compileAllErrors(kioskJoinSchema);
const validateCommandAck = firstErrorAjv.compile(kioskCommandAckSchema);

/** How much unknown-field JSON (`extra`) a reading may carry; the gateway passes the configured one. */
export const DEFAULT_EXTRA_BOUNDS: JsonBounds = { maxKeys: 100, maxDepth: 4, maxBytes: 16_384 };

// ISO 8601 date-time; the zone may be missing (field units send local-less UTC with microseconds).
// Every part has a bounded length and a fixed separator before the next: it cannot backtrack
// super-linearly (and the schema caps the string at 40 characters before it gets here).
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/;

export function toFieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => {
    const path = e.instancePath.slice(1).replace(/\//g, '.');
    if (e.keyword === 'required') {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return { field: path ? `${path}.${missing}` : missing, message: 'is required' };
    }
    if (e.keyword === 'maximum' && (e.params as { limit: number }).limit === FLOAT4_MAX) {
      return { field: path || '(payload)', message: 'must fit a 32-bit float (at most about 3.4e38)' };
    }
    if (e.keyword === 'enum') {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.join(', ');
      return { field: path || '(payload)', message: `must be one of: ${allowed}` };
    }
    return { field: path || '(payload)', message: e.message ?? 'is invalid' };
  });
}

export const invalid = (details: FieldError[]): { ok: false; error: KioskWireError } => ({
  ok: false,
  error: {
    code: 'invalid_payload',
    message: `Invalid payload: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`,
    details,
  },
});

/** `toISOString()`'s own form, what most firmware sends: taken as is when it reads back the same. */
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Reads an ISO 8601 timestamp; one without a zone is UTC. */
export function parseWireTimestamp(raw: string): Date | null {
  if (raw.length === 24 && CANONICAL_UTC.test(raw)) {
    const date = new Date(raw);
    // Date silently rolls 2026-02-31 over to March: reading back the same text refuses that.
    if (!Number.isNaN(date.getTime()) && date.toISOString() === raw) return date;
  }
  const m = ISO_TIMESTAMP.exec(raw);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  const ms = fraction ? fraction.slice(1, 4).padEnd(3, '0') : '000';
  const z = !zone || zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${z}`);
  // Date silently rolls 2026-02-31 over to March: compare back to refuse impossible dates.
  if (
    Number.isNaN(date.getTime()) ||
    (z === 'Z' && date.toISOString().slice(0, 19) !== `${y}-${mo}-${d}T${h}:${mi}:${s}`)
  ) {
    return null;
  }
  return date;
}

/**
 * Unknown fields, kept rather than dropped: firmware runs ahead of servers. `hardware.fan_rpm`
 * names an unknown field inside a known section. What is kept must be storable and within `bounds`.
 */
function collectExtra(
  payload: Record<string, unknown>,
  bounds: JsonBounds,
): Parsed<Record<string, unknown> | null> {
  // On every reading, and nearly always empty: no allocation until an unknown field shows up.
  let extra: Record<string, unknown> | null = null;
  for (const key in payload) {
    if (!KNOWN_TOP_LEVEL.has(key)) (extra ??= newExtra())[key] = payload[key];
  }
  for (const [section, known] of KNOWN_SECTION_FIELDS) {
    const obj = payload[section] as Record<string, unknown>;
    for (const key in obj) {
      if (!known.has(key)) (extra ??= newExtra())[`${section}.${key}`] = obj[key];
    }
  }
  if (extra === null) return NO_EXTRA;
  const problem = unstorableFields(extra, bounds, 'extra');
  return problem ? invalid([problem]) : { ok: true, value: extra };
}

const NO_EXTRA = { ok: true as const, value: null };

// Without a prototype, a field named "__proto__" is kept as a field instead of becoming one.
const newExtra = (): Record<string, unknown> => Object.create(null) as Record<string, unknown>;

const KNOWN_TOP_LEVEL: ReadonlySet<string> = new Set(TOP_LEVEL_FIELDS);
const KNOWN_SECTION_FIELDS: ReadonlyArray<readonly [string, ReadonlySet<string>]> = Object.entries(
  SECTION_FIELDS,
).map(([section, known]) => [section, new Set<string>(known)] as const);

interface WireUpdate {
  timestamp: string;
  serial?: string;
  seq?: number;
  environmental: { temperature: number; humidity: number; air_quality: number };
  hardware: { cpu_temp: number; cpu_usage: number; ram_usage: number; disk_usage: number };
  peripherals: {
    printer_status?: TelemetryReading['peripherals']['printerStatus'];
    cash_acceptor?: TelemetryReading['peripherals']['cashAcceptor'];
    card_reader?: TelemetryReading['peripherals']['cardReader'];
  };
  location: { lat: number; lng: number; accuracy?: number };
  network: { latency: number; signal_strength: number };
  session?: { active: boolean } & Record<string, unknown>;
}

/** A `kiosk_update` from the kiosk that authenticated as (kioskId, serial), or the precise reason it is refused. */
export function parseKioskUpdate(
  payload: unknown,
  kiosk: { id: number; serial: string },
  receivedAt: Date,
  extraBounds: JsonBounds = DEFAULT_EXTRA_BOUNDS,
): Parsed<TelemetryReading> {
  if (!validateUpdate(payload)) return invalid(toFieldErrors(validateUpdate.errors));
  const p = payload as unknown as WireUpdate & Record<string, unknown>;
  if (p.serial !== undefined && p.serial !== kiosk.serial) {
    return {
      ok: false,
      error: { code: 'serial_mismatch', message: 'serial is not the serial this socket authenticated with' },
    };
  }
  const timestamp = parseWireTimestamp(p.timestamp);
  if (!timestamp) return invalid([{ field: 'timestamp', message: 'must be an ISO 8601 date-time' }]);
  // Known fields are enums, ranges, a timestamp pattern or the kiosk's own serial: what they hold is
  // storable once valid. Only the free-form parts are walked, and only when present.
  const extra = collectExtra(p, extraBounds);
  if (!extra.ok) return extra;
  if (p.session !== undefined) {
    const problem = unstorableFields(p.session, WHOLE_MESSAGE_BOUNDS, 'session', 'session');
    if (problem) return invalid([problem]);
  }
  const per = p.peripherals;
  return {
    ok: true,
    value: {
      kioskId: kiosk.id,
      timestamp,
      receivedAt,
      seq: p.seq ?? null,
      environmental: {
        temperature: p.environmental.temperature,
        humidity: p.environmental.humidity,
        airQuality: p.environmental.air_quality,
      },
      hardware: {
        cpuTemp: p.hardware.cpu_temp,
        cpuUsage: p.hardware.cpu_usage,
        ramUsage: p.hardware.ram_usage,
        diskUsage: p.hardware.disk_usage,
      },
      peripherals: peripheralsOf(per),
      location: locationOf(p.location),
      network: { latency: p.network.latency, signalStrength: p.network.signal_strength },
      ...(p.session !== undefined && { session: { active: p.session.active } }),
      extra: extra.value,
    },
  };
}

// Absent stays absent (not `undefined`), without the throwaway objects of conditional spreads.
function peripheralsOf(per: WireUpdate['peripherals']): TelemetryReading['peripherals'] {
  const out: TelemetryReading['peripherals'] = {};
  if (per.printer_status !== undefined) out.printerStatus = per.printer_status;
  if (per.cash_acceptor !== undefined) out.cashAcceptor = per.cash_acceptor;
  if (per.card_reader !== undefined) out.cardReader = per.card_reader;
  return out;
}

function locationOf(l: WireUpdate['location']): TelemetryReading['location'] {
  return l.accuracy === undefined
    ? { lat: l.lat, lng: l.lng }
    : { lat: l.lat, lng: l.lng, accuracy: l.accuracy };
}

export interface KioskJoin {
  firmwareVersion: string | null;
  capabilities: { sensors: string[]; peripherals: string[]; features: string[] };
}

export function parseKioskJoin(payload: unknown, kiosk: { serial: string }): Parsed<KioskJoin> {
  const body = payload ?? {};
  if (!validateJoin(body)) return invalid(toFieldErrors(validateJoin.errors));
  const unstorable = unstorableFields(body as Record<string, unknown>, WHOLE_MESSAGE_BOUNDS, '(payload)');
  if (unstorable) return invalid([unstorable]);
  const p = body as {
    serial?: string;
    firmware_version?: string;
    capabilities?: Partial<KioskJoin['capabilities']>;
  };
  if (p.serial !== undefined && p.serial !== kiosk.serial) {
    return {
      ok: false,
      error: { code: 'serial_mismatch', message: 'serial is not the serial this socket authenticated with' },
    };
  }
  return {
    ok: true,
    value: {
      firmwareVersion: p.firmware_version ?? null,
      capabilities: {
        sensors: p.capabilities?.sensors ?? [],
        peripherals: p.capabilities?.peripherals ?? [],
        features: p.capabilities?.features ?? [],
      },
    },
  };
}

export interface KioskCommandAck {
  commandId?: string;
  command: KioskCommandName;
  status: 'processing' | 'success' | 'error';
  error?: string;
}

export function parseKioskCommandAck(payload: unknown): Parsed<KioskCommandAck> {
  if (!validateCommandAck(payload)) return invalid(toFieldErrors(validateCommandAck.errors));
  const unstorable = unstorableFields(
    payload as unknown as Record<string, unknown>,
    WHOLE_MESSAGE_BOUNDS,
    '(payload)',
  );
  if (unstorable) return invalid([unstorable]);
  const p = payload as {
    command_id?: string;
    command: string;
    status: KioskCommandAck['status'];
    error?: string;
    timestamp: string;
  };
  if (!parseWireTimestamp(p.timestamp))
    return invalid([{ field: 'timestamp', message: 'must be an ISO 8601 date-time' }]);
  if (!(KIOSK_COMMANDS as readonly string[]).includes(p.command)) {
    return { ok: false, error: { code: 'unknown_command', message: `Unknown command "${p.command}"` } };
  }
  return {
    ok: true,
    value: {
      ...(p.command_id !== undefined && { commandId: p.command_id.toLowerCase() }),
      command: p.command as KioskCommandName,
      status: p.status,
      ...(p.error !== undefined && { error: p.error }),
    },
  };
}
