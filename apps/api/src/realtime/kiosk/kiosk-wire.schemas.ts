import { CARD_READER_STATUSES, CASH_ACCEPTOR_STATUSES, PRINTER_STATUSES } from '@app/contracts';

// Fixed-length and anchored: at most 37 steps from each start, and Ajv checks `maxLength` first.
const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/**
 * float4's largest value (2^128 − 2^104): the bound of a `real` column (CONTRACT.md §8: a value the
 * store cannot hold is invalid). A few doubles just above it would still round down to it; nothing a
 * sensor reports is near, so the plain bound is the clearer one.
 */
export const FLOAT4_MAX = 2 ** 128 - 2 ** 104;

/**
 * JSON Schemas of the kiosk wire (CONTRACT.md §3, §5 "Wire validation"), snake_case as sent.
 * Every number is finite (Ajv's strict mode refuses the Infinity that JSON.parse makes of 1e999);
 * those stored as float4 have a range inside float4's, or `FLOAT4_MAX` as their bound.
 */

const num = (minimum: number, maximum: number) => ({ type: 'number', minimum, maximum });
const pct = num(0, 100);

// Known keys per section: anything else is tolerated and kept in `extra`.
export const SECTION_FIELDS = {
  environmental: ['temperature', 'humidity', 'air_quality'],
  hardware: ['cpu_temp', 'cpu_usage', 'ram_usage', 'disk_usage'],
  peripherals: ['printer_status', 'cash_acceptor', 'card_reader'],
  location: ['lat', 'lng', 'accuracy'],
  network: ['latency', 'signal_strength'],
} as const;
export const TOP_LEVEL_FIELDS = [
  'timestamp',
  'kiosk_id',
  'serial',
  'seq',
  'session',
  ...Object.keys(SECTION_FIELDS),
];

export const kioskUpdateSchema = {
  type: 'object',
  required: ['timestamp', 'environmental', 'hardware', 'peripherals', 'location', 'network'],
  properties: {
    timestamp: { type: 'string', maxLength: 40 },
    kiosk_id: { type: 'integer', minimum: 1 },
    serial: { type: 'string', minLength: 1, maxLength: 64 },
    seq: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    environmental: {
      type: 'object',
      required: ['temperature', 'humidity', 'air_quality'],
      properties: { temperature: num(-40, 85), humidity: pct, air_quality: num(0, 500) },
    },
    hardware: {
      type: 'object',
      required: ['cpu_temp', 'cpu_usage', 'ram_usage', 'disk_usage'],
      properties: { cpu_temp: num(-20, 120), cpu_usage: pct, ram_usage: pct, disk_usage: pct },
    },
    peripherals: {
      type: 'object',
      properties: {
        printer_status: { type: 'string', enum: PRINTER_STATUSES },
        cash_acceptor: { type: 'string', enum: CASH_ACCEPTOR_STATUSES },
        card_reader: { type: 'string', enum: CARD_READER_STATUSES },
      },
    },
    location: {
      type: 'object',
      required: ['lat', 'lng'],
      properties: {
        lat: num(-90, 90),
        lng: num(-180, 180),
        accuracy: num(0, FLOAT4_MAX),
      },
    },
    network: {
      type: 'object',
      required: ['latency', 'signal_strength'],
      properties: { latency: num(0, 60000), signal_strength: num(-150, 0) },
    },
    // Optional: an open payment session holds restart/update/block (unknown keys inside are ignored).
    session: { type: 'object', required: ['active'], properties: { active: { type: 'boolean' } } },
  },
} as const;

const stringList = { type: 'array', maxItems: 64, items: { type: 'string', minLength: 1, maxLength: 64 } };

export const kioskJoinSchema = {
  type: 'object',
  properties: {
    kiosk_id: { type: 'integer', minimum: 1 },
    serial: { type: 'string', minLength: 1, maxLength: 64 },
    firmware_version: { type: 'string', maxLength: 64 },
    capabilities: {
      type: 'object',
      properties: { sensors: stringList, peripherals: stringList, features: stringList },
    },
  },
} as const;

/**
 * `command` is checked against the command list apart, so an unknown one gets `unknown_command`.
 * It has a pattern: validate it with `allErrors: false` (see kiosk-wire.ts).
 */
export const kioskCommandAckSchema = {
  type: 'object',
  required: ['kiosk_id', 'command', 'status', 'timestamp'],
  properties: {
    command_id: { type: 'string', maxLength: 36, pattern: UUID },
    kiosk_id: { type: 'integer', minimum: 1 },
    command: { type: 'string', minLength: 1, maxLength: 64 },
    status: { type: 'string', enum: ['processing', 'success', 'error'] },
    error: { type: 'string', maxLength: 2000 },
    timestamp: { type: 'string', maxLength: 40 },
  },
} as const;
