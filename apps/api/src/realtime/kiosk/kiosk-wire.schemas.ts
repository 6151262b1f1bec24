import { CARD_READER_STATUSES, CASH_ACCEPTOR_STATUSES, PRINTER_STATUSES } from '@app/core';

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** JSON Schemas of the kiosk wire (CONTRACT.md §3, §5 "Wire validation"), snake_case as sent. */

const num = (minimum: number, maximum?: number) => ({
  type: 'number',
  minimum,
  ...(maximum === undefined ? {} : { maximum }),
});
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
      properties: { lat: num(-90, 90), lng: num(-180, 180), accuracy: num(0) },
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

/** `command` is checked against the command list apart, so an unknown one gets `unknown_command`. */
export const kioskCommandAckSchema = {
  type: 'object',
  required: ['kiosk_id', 'command', 'status', 'timestamp'],
  properties: {
    command_id: { type: 'string', pattern: UUID },
    kiosk_id: { type: 'integer', minimum: 1 },
    command: { type: 'string', minLength: 1, maxLength: 64 },
    status: { type: 'string', enum: ['processing', 'success', 'error'] },
    error: { type: 'string', maxLength: 2000 },
    timestamp: { type: 'string', maxLength: 40 },
  },
} as const;
