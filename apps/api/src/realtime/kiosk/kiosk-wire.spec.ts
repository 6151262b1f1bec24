import { kioskSaleSchema } from './kiosk-payment-wire';
import {
  compileAllErrors,
  parseKioskCommandAck,
  parseKioskJoin,
  parseKioskUpdate,
  parseWireTimestamp,
} from './kiosk-wire';
import { FLOAT4_MAX, kioskCommandAckSchema } from './kiosk-wire.schemas';
import { unstorableString } from './storable-json';

export const validUpdate = () => ({
  timestamp: '2026-11-25T10:00:00.000Z',
  kiosk_id: 1,
  serial: 'SIM-KIOSK-001',
  seq: 42,
  environmental: { temperature: 24.1, humidity: 51.0, air_quality: 37.5 },
  hardware: { cpu_temp: 55.2, cpu_usage: 41.0, ram_usage: 63.2, disk_usage: 71.9 },
  peripherals: { printer_status: 'ready', cash_acceptor: 'ready', card_reader: 'ready' },
  location: { lat: -34.6037, lng: -58.3816, accuracy: 4.2 },
  network: { latency: 80.5, signal_strength: -61.0 },
});

const kiosk = { id: 1, serial: 'SIM-KIOSK-001' };
const now = new Date('2026-11-25T10:00:01.000Z');

describe('parseKioskUpdate', () => {
  it('maps the contract payload to a camelCase reading attributed to the authenticated kiosk', () => {
    const r = parseKioskUpdate({ ...validUpdate(), kiosk_id: 99 }, kiosk, now);
    expect(r).toEqual({
      ok: true,
      value: {
        kioskId: 1,
        timestamp: new Date('2026-11-25T10:00:00.000Z'),
        receivedAt: now,
        seq: 42,
        environmental: { temperature: 24.1, humidity: 51, airQuality: 37.5 },
        hardware: { cpuTemp: 55.2, cpuUsage: 41, ramUsage: 63.2, diskUsage: 71.9 },
        peripherals: { printerStatus: 'ready', cashAcceptor: 'ready', cardReader: 'ready' },
        location: { lat: -34.6037, lng: -58.3816, accuracy: 4.2 },
        network: { latency: 80.5, signalStrength: -61 },
        extra: null,
      },
    });
  });

  it('accepts a payload without serial, seq, kiosk_id or accuracy', () => {
    const p: Record<string, unknown> = validUpdate();
    delete p.serial;
    delete p.seq;
    delete p.kiosk_id;
    delete (p.location as Record<string, unknown>).accuracy;
    const r = parseKioskUpdate(p, kiosk, now);
    expect(r.ok && r.value.seq).toBeNull();
  });

  it('keeps unknown fields in extra instead of rejecting them', () => {
    const p = {
      ...validUpdate(),
      firmware_build: 'x1',
      hardware: { ...validUpdate().hardware, fan_rpm: 1200 },
    };
    const r = parseKioskUpdate(p, kiosk, now);
    expect(r.ok && r.value.extra).toEqual({ firmware_build: 'x1', 'hardware.fan_rpm': 1200 });
  });

  it('reads timestamps in toISOString form and in the other ISO 8601 forms alike', () => {
    const at = (timestamp: string) => {
      const r = parseKioskUpdate({ ...validUpdate(), timestamp }, kiosk, now);
      return r.ok ? r.value.timestamp.toISOString() : r.error.code;
    };
    expect(at('2026-11-25T10:00:00.123Z')).toBe('2026-11-25T10:00:00.123Z');
    expect(at('2026-11-25T10:00:00.123456Z')).toBe('2026-11-25T10:00:00.123Z');
    expect(at('2026-11-25T11:00:00.123+01:00')).toBe('2026-11-25T10:00:00.123Z');
    expect(at('2026-11-25T10:00:00')).toBe('2026-11-25T10:00:00.000Z');
    expect(at('2028-02-29T10:00:00.000Z')).toBe('2028-02-29T10:00:00.000Z');
  });

  it('refuses a serial that is not the socket’s own', () => {
    const r = parseKioskUpdate({ ...validUpdate(), serial: 'SOMEONE-ELSE' }, kiosk, now);
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'serial_mismatch' }) });
  });

  const set = (path: string, value: unknown) => {
    const p = validUpdate() as unknown as Record<string, Record<string, unknown>>;
    const [a, b] = path.split('.');
    if (b === undefined) (p as Record<string, unknown>)[a] = value;
    else p[a][b] = value;
    return p;
  };
  const drop = (path: string) => {
    const p = validUpdate() as unknown as Record<string, Record<string, unknown>>;
    const [a, b] = path.split('.');
    if (b === undefined) delete (p as Record<string, unknown>)[a];
    else delete p[a][b];
    return p;
  };

  // [what, payload, the field the error must name]
  const malformed: Array<[string, unknown, string]> = [
    ['not an object: string', 'hello', '(payload)'],
    ['not an object: array', [validUpdate()], '(payload)'],
    ['null', null, '(payload)'],
    ['a number', 42, '(payload)'],
    ['missing timestamp', drop('timestamp'), 'timestamp'],
    ['missing environmental', drop('environmental'), 'environmental'],
    ['missing hardware', drop('hardware'), 'hardware'],
    ['missing network', drop('network'), 'network'],
    ['missing location', drop('location'), 'location'],
    ['missing peripherals', drop('peripherals'), 'peripherals'],
    ['missing temperature', drop('environmental.temperature'), 'environmental.temperature'],
    ['missing cpu_usage', drop('hardware.cpu_usage'), 'hardware.cpu_usage'],
    ['number sent as string', set('environmental.temperature', '24.1'), 'environmental.temperature'],
    ['NaN (arrives as null over JSON)', set('hardware.cpu_temp', null), 'hardware.cpu_temp'],
    ['boolean for a number', set('network.latency', true), 'network.latency'],
    ['array for an object', set('hardware', [1, 2, 3]), 'hardware'],
    ['string for an object', set('location', '-34.6,-58.3'), 'location'],
    ['temperature above 85', set('environmental.temperature', 85.1), 'environmental.temperature'],
    ['temperature below -40', set('environmental.temperature', -41), 'environmental.temperature'],
    ['humidity above 100', set('environmental.humidity', 100.5), 'environmental.humidity'],
    ['air quality above 500', set('environmental.air_quality', 501), 'environmental.air_quality'],
    ['cpu_temp above 120', set('hardware.cpu_temp', 121), 'hardware.cpu_temp'],
    ['negative disk usage', set('hardware.disk_usage', -1), 'hardware.disk_usage'],
    ['ram usage above 100', set('hardware.ram_usage', 101), 'hardware.ram_usage'],
    ['lat above 90', set('location.lat', 91), 'location.lat'],
    ['lng below -180', set('location.lng', -181), 'location.lng'],
    ['negative accuracy', set('location.accuracy', -1), 'location.accuracy'],
    ['latency above 60000', set('network.latency', 60001), 'network.latency'],
    ['positive signal strength', set('network.signal_strength', 3), 'network.signal_strength'],
    ['unknown printer status', set('peripherals.printer_status', 'on_fire'), 'peripherals.printer_status'],
    ['unknown cash acceptor status', set('peripherals.cash_acceptor', 'FULL'), 'peripherals.cash_acceptor'],
    ['number for a status', set('peripherals.card_reader', 1), 'peripherals.card_reader'],
    ['fractional seq', set('seq', 1.5), 'seq'],
    ['negative seq', set('seq', -1), 'seq'],
    ['seq as string', set('seq', '42'), 'seq'],
    ['timestamp as a number', set('timestamp', 1764064800000), 'timestamp'],
    ['timestamp not ISO', set('timestamp', 'yesterday at noon'), 'timestamp'],
    ['impossible date', set('timestamp', '2026-02-31T10:00:00Z'), 'timestamp'],
    ['impossible date in toISOString form', set('timestamp', '2026-02-31T10:00:00.000Z'), 'timestamp'],
    ['hour 24 in toISOString form', set('timestamp', '2026-11-25T24:00:00.000Z'), 'timestamp'],
    ['huge string timestamp', set('timestamp', 'x'.repeat(10_000)), 'timestamp'],
    ['huge serial', set('serial', 'S'.repeat(10_000)), 'serial'],
    ['empty serial', set('serial', ''), 'serial'],
  ];

  it.each(malformed)('rejects %s with invalid_payload naming the field', (_what, payload, field) => {
    const r = parseKioskUpdate(payload, kiosk, now);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_payload');
    expect(r.error.details?.map((d) => d.field)).toContain(field);
  });

  it('reports every problem of a payload at once', () => {
    const p = set('environmental.temperature', 'hot');
    (p.network as Record<string, unknown>).latency = -5;
    const r = parseKioskUpdate(p, kiosk, now);
    expect(!r.ok && r.error.details?.map((d) => d.field).sort()).toEqual([
      'environmental.temperature',
      'network.latency',
    ]);
  });
});

describe('parseWireTimestamp', () => {
  it.each([
    ['2026-11-25T10:00:00.000Z', '2026-11-25T10:00:00.000Z'],
    ['2026-11-25T10:00:00.123456', '2026-11-25T10:00:00.123Z'],
    ['2026-11-25T10:00:00', '2026-11-25T10:00:00.000Z'],
    ['2026-11-25T07:00:00-03:00', '2026-11-25T10:00:00.000Z'],
    ['2026-11-25T12:00:00+0200', '2026-11-25T10:00:00.000Z'],
  ])('reads %s as %s (no zone means UTC)', (raw, iso) => {
    expect(parseWireTimestamp(raw)?.toISOString()).toBe(iso);
  });

  it.each(['2026-11-25', '2026-13-01T00:00:00Z', '2026-11-25T25:00:00Z', '25/11/2026 10:00', ''])(
    'refuses %s',
    (raw) => {
      expect(parseWireTimestamp(raw)).toBeNull();
    },
  );
});

describe('parseKioskJoin', () => {
  it('accepts the contract join and a bare one', () => {
    const r = parseKioskJoin(
      {
        serial: 'SIM-KIOSK-001',
        capabilities: { sensors: ['temperature'], peripherals: ['printer'], features: [] },
        firmware_version: '2.1.0',
      },
      kiosk,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        firmwareVersion: '2.1.0',
        capabilities: { sensors: ['temperature'], peripherals: ['printer'], features: [] },
      },
    });
    expect(parseKioskJoin(undefined, kiosk).ok).toBe(true);
  });

  it('refuses another serial and malformed capabilities', () => {
    expect(parseKioskJoin({ serial: 'OTHER' }, kiosk)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'serial_mismatch' }),
    });
    const bad = parseKioskJoin({ capabilities: { sensors: 'all' } }, kiosk);
    expect(!bad.ok && bad.error.details).toEqual([
      { field: 'capabilities.sensors', message: 'must be array' },
    ]);
  });
});

describe('values the store cannot hold (CONTRACT.md §8)', () => {
  const bounds = { maxKeys: 10, maxDepth: 2, maxBytes: 200 };
  const update = (over: Record<string, unknown>) => ({ ...validUpdate(), ...over });
  const refusal = (payload: unknown, b = bounds) => {
    const r = parseKioskUpdate(payload, kiosk, now, b);
    return r.ok ? 'accepted' : r.error;
  };

  it('bounds location.accuracy by float4: its largest value is stored, 1e39 is invalid_payload', () => {
    const at = (accuracy: number) => update({ location: { lat: 0, lng: 0, accuracy } });
    expect(parseKioskUpdate(at(FLOAT4_MAX), kiosk, now).ok).toBe(true);
    expect(refusal(at(1e39))).toEqual({
      code: 'invalid_payload',
      message: expect.any(String),
      details: [{ field: 'location.accuracy', message: 'must fit a 32-bit float (at most about 3.4e38)' }],
    });
  });

  it('refuses a known number that JSON read as Infinity', () => {
    const p = update({ network: { latency: Number.POSITIVE_INFINITY, signal_strength: -50 } });
    expect(refusal(p)).toMatchObject({
      code: 'invalid_payload',
    });
  });

  it.each([
    ['\\u0000 in a value', { note: 'a\u0000b' }, 'note', 'NUL'],
    ['\\u0000 in a key', { ['a\u0000b']: 1 }, 'a\u0000b', 'NUL'],
    ['a lone high surrogate', { note: 'a\ud800b' }, 'note', 'lone surrogate'],
    ['a lone low surrogate at the end', { tags: ['x\udfff'] }, 'tags.0', 'lone surrogate'],
    ['Infinity', { counter: Number.POSITIVE_INFINITY }, 'counter', 'finite'],
    ['NaN', { counter: { v: Number.NaN } }, 'counter.v', 'finite'],
    ['a Buffer (not JSON)', { blob: Buffer.alloc(3) }, 'blob', 'JSON value'],
    ['nesting past maxDepth', { deep: { a: { b: { c: 1 } } } }, 'deep.a.b', 'deep'],
  ])('refuses %s in extra, naming it', (_what, extra, field, says) => {
    const r = refusal(update(extra));
    expect(r).toMatchObject({
      code: 'invalid_payload',
      details: [{ field, message: expect.stringContaining(says) }],
    });
  });

  it('refuses an unknown field inside a section that cannot be stored', () => {
    const p = validUpdate() as unknown as Record<string, Record<string, unknown>>;
    p.hardware.fan_note = 'on\u0000';
    expect(refusal(p)).toMatchObject({ details: [{ field: 'hardware.fan_note' }] });
  });

  it('counts keys and bytes over all of extra, top-level fields and sections together', () => {
    const keys = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`k${i}`, i]));
    const p = { ...update(keys), hardware: { ...validUpdate().hardware, a: 1, b: 2, c: 3, d: 4, e: 5 } };
    expect(refusal(p)).toMatchObject({
      details: [{ field: 'extra', message: 'must not hold more than 10 keys' }],
    });
    expect(refusal(update({ log: 'x'.repeat(201) }))).toMatchObject({
      details: [{ field: 'extra', message: 'must not hold more than 200 bytes' }],
    });
    expect(refusal(update({ log: 'é'.repeat(100) }))).toMatchObject({ details: [{ field: 'extra' }] });
    expect(refusal(update({ log: 'e'.repeat(160), n: [1, true, null], ok: { two: { levels: 1 } } }))).toBe(
      'accepted',
    );
  });

  it('keeps a field named __proto__ as a field, without touching any prototype', () => {
    const p = JSON.parse(JSON.stringify(validUpdate()).replace('{', '{"__proto__":{"polluted":true},'));
    const r = parseKioskUpdate(p, kiosk, now);
    expect(r.ok && JSON.stringify(r.value.extra)).toBe('{"__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('walks an optional session object too', () => {
    expect(refusal(update({ session: { active: true, note: '\u0000' } }))).toMatchObject({
      details: [{ field: 'session.note' }],
    });
  });

  it('refuses kiosk_join and kiosk_command_ack strings the store cannot hold', () => {
    expect(parseKioskJoin({ firmware_version: 'v\u0000' }, kiosk)).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', details: [{ field: 'firmware_version' }] },
    });
    expect(parseKioskJoin({ capabilities: { sensors: ['t\ud800'] } }, kiosk)).toMatchObject({
      error: { details: [{ field: 'capabilities.sensors.0' }] },
    });
    const ack = { kiosk_id: 1, command: 'restart', status: 'error', timestamp: '2026-11-25T10:00:00Z' };
    expect(parseKioskCommandAck({ ...ack, error: 'jam\u0000' })).toMatchObject({
      error: { code: 'invalid_payload', details: [{ field: 'error' }] },
    });
    expect(parseKioskCommandAck({ ...ack, error: 'paper jam ✓ 😀' }).ok).toBe(true);
  });

  it('tells a lone surrogate from a pair', () => {
    expect(unstorableString('😀 pair')).toBeNull();
    expect(unstorableString('\ud83d')).toMatch(/lone surrogate/);
    expect(unstorableString('\ude00\ud83d')).toMatch(/lone surrogate/);
    expect(unstorableString('x'.repeat(100_000))).toBeNull();
  });
});

describe('schemas and patterns', () => {
  it('runs no pattern on an over-long string: the command_id length is refused first', () => {
    const r = parseKioskCommandAck({
      command_id: '0'.repeat(10_000),
      kiosk_id: 1,
      command: 'restart',
      status: 'success',
      timestamp: '2026-11-25T10:00:00Z',
    });
    expect(!r.ok && r.error.details).toEqual([
      { field: 'command_id', message: 'must NOT have more than 36 characters' },
    ]);
  });

  it('gives every pattern of the wire a maxLength', () => {
    const patterned: Array<Record<string, unknown>> = [];
    const collect = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if ('pattern' in n) patterned.push(n);
      Object.values(n).forEach(collect);
    };
    collect(kioskCommandAckSchema);
    collect(kioskSaleSchema);
    expect(patterned.length).toBeGreaterThan(0);
    for (const s of patterned) expect(s).toHaveProperty('maxLength');
  });

  it('refuses to compile a patterned schema for all-errors reporting', () => {
    expect(() => compileAllErrors(kioskCommandAckSchema)).toThrow(/firstErrorAjv/);
  });

  it('reads timestamps in linear time, however hostile (the schema caps them at 40 characters anyway)', () => {
    const started = process.hrtime.bigint();
    for (const s of [
      '2026-11-25T10:00:00' + '.1'.repeat(50_000),
      '9'.repeat(100_000),
      '2026-'.repeat(20_000),
    ]) {
      expect(parseWireTimestamp(s)).toBeNull();
    }
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(200);
  });
});
