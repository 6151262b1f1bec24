import fc from 'fast-check';
import { parseKioskPayment } from './kiosk-payment-wire';
import { parseKioskCommandAck, parseKioskJoin, parseKioskUpdate } from './kiosk-wire';

/**
 * Generated hostile payloads for every kiosk wire parser: they may refuse, never throw, and what
 * they accept is storable (CONTRACT.md §8: finite numbers, float4 columns within float4 range, no
 * `\u0000` or lone surrogate in any string). Fixed seeds, so a failure reproduces.
 */

const RUNS = 3_000;
const FLOAT4_MAX = 3.4028234663852886e38;
const kiosk = { id: 7, serial: 'SIM-KIOSK-007' };
const receivedAt = new Date('2026-12-07T10:00:01.000Z');

const hostileString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', '\u0000', 'ok\u0000', '\ud800', 'x\udfff', 'x'.repeat(20_000), 'NaN', '__proto__'),
);
const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e39, -1e39, 3.5e38, Number.MAX_VALUE, -0, 1e-50, Number.MAX_SAFE_INTEGER + 2),
);
const hostileScalar = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null));
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileScalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 4 }),
  ),
})).value;
/** Nesting far past any sane depth, built iteratively (a generator would recurse). */
const deepValue = fc.integer({ min: 50, max: 5_000 }).map((depth) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { d: v };
  return v;
});

const reading = fc.record({
  timestamp: fc
    .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  kiosk_id: fc.constant(7),
  serial: fc.constant(kiosk.serial),
  seq: fc.nat(),
  environmental: fc.record({
    temperature: fc.double({ min: -40, max: 85, noNaN: true }),
    humidity: fc.double({ min: 0, max: 100, noNaN: true }),
    air_quality: fc.double({ min: 0, max: 500, noNaN: true }),
  }),
  hardware: fc.record({
    cpu_temp: fc.double({ min: -20, max: 120, noNaN: true }),
    cpu_usage: fc.double({ min: 0, max: 100, noNaN: true }),
    ram_usage: fc.double({ min: 0, max: 100, noNaN: true }),
    disk_usage: fc.double({ min: 0, max: 100, noNaN: true }),
  }),
  peripherals: fc.record({ printer_status: fc.constantFrom('ready', 'low_ink', 'paper_jam', 'offline') }),
  location: fc.record({
    lat: fc.double({ min: -90, max: 90, noNaN: true }),
    lng: fc.double({ min: -180, max: 180, noNaN: true }),
    accuracy: fc.double({ min: 0, max: 1e6, noNaN: true }),
  }),
  network: fc.record({
    latency: fc.double({ min: 0, max: 60_000, noNaN: true }),
    signal_strength: fc.double({ min: -150, max: 0, noNaN: true }),
  }),
});

type Json = Record<string, unknown>;
type WireResult = { ok: true; value: unknown } | { ok: false; error: { code: string } };

/** A valid message with one hostile change: a field replaced, removed, or an unknown one added. */
function mutated(base: fc.Arbitrary<Json>): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      base,
      fc.nat(),
      fc.nat(),
      fc.oneof(hostileValue, deepValue),
      fc.constantFrom('set', 'delete', 'add'),
    )
    .map(([generated, i, j, value, how]) => {
      // Generated values are reused while shrinking: mutate a copy.
      const msg = structuredClone(generated);
      const keys = Object.keys(msg);
      const key = keys[i % keys.length];
      const section = msg[key];
      if (how === 'add') {
        const target = section && typeof section === 'object' && j % 2 ? (section as Json) : msg;
        target[`x_${j}`] = value;
      } else if (section && typeof section === 'object' && !Array.isArray(section) && j % 2) {
        const inner = Object.keys(section as Json);
        if (inner.length) {
          const k = inner[j % inner.length];
          if (how === 'delete') delete (section as Json)[k];
          else (section as Json)[k] = value;
        }
      } else if (how === 'delete') delete msg[key];
      else msg[key] = value;
      return msg;
    });
}

function storable(value: unknown, path = '$', seen = 0): string | null {
  if (seen > 10_000) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} is not finite`;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return `${path} holds \\u0000`;
    // UTF-8 cannot encode a lone surrogate: it comes back as U+FFFD.
    if (Buffer.from(value).toString() !== value) return `${path} holds a lone surrogate`;
    return null;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? `${path} is an invalid date` : null;
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const bad = storable(k, `${path}[key]`, seen + 1) ?? storable(v, `${path}.${k}`, seen + 1);
      if (bad) return bad;
    }
  }
  return null;
}

function float4Columns(r: ReturnType<typeof parseKioskUpdate>): string | null {
  if (!r.ok) return null;
  const v = r.value;
  const reals = [
    v.environmental.temperature,
    v.environmental.humidity,
    v.environmental.airQuality,
    v.hardware.cpuTemp,
    v.hardware.cpuUsage,
    v.hardware.ramUsage,
    v.hardware.diskUsage,
    v.location.accuracy ?? 0,
    v.network.latency,
    v.network.signalStrength,
  ];
  return reals.some((x) => Math.abs(x) > FLOAT4_MAX) ? 'a float4 column beyond float4 range' : null;
}

/** Runs a parser on generated input: it must return a result, and an accepted value must be storable. */
function fuzz(name: string, arb: fc.Arbitrary<unknown>, parse: (p: unknown) => WireResult, seed: number) {
  it(`${name}: ${RUNS} hostile payloads, no throw, nothing unstorable accepted`, () => {
    const run = fc.check(
      fc.property(arb, (payload) => {
        const r = parse(payload);
        expect(typeof r.ok).toBe('boolean');
        if (r.ok) expect(storable(r.value)).toBeNull();
        else expect(r.error.code).toMatch(/^[a-z_]+$/);
      }),
      { numRuns: RUNS, seed },
    );
    // A counterexample can be megabytes: report its start and the reason, with the seed to replay it.
    const failure = run.failed
      ? `seed ${seed}, path ${run.counterexamplePath}: ${fc.stringify(run.counterexample).slice(0, 400)} — ` +
        String(run.errorInstance instanceof Error ? run.errorInstance.message : run.errorInstance).slice(
          0,
          600,
        )
      : null;
    expect(failure).toBeNull();
    expect(run.numRuns).toBe(RUNS);
  });
}

describe('kiosk wire parsers under fuzzing', () => {
  fuzz(
    'kiosk_update',
    fc.oneof({ weight: 4, arbitrary: mutated(reading as fc.Arbitrary<Json>) }, hostileValue),
    (p) => {
      const r = parseKioskUpdate(p, kiosk, receivedAt);
      expect(float4Columns(r)).toBeNull();
      return r;
    },
    1,
  );

  fuzz(
    'kiosk_join',
    fc.oneof(
      {
        weight: 4,
        arbitrary: mutated(
          fc.record({
            serial: fc.constant(kiosk.serial),
            firmware_version: fc.constantFrom('2.3.1', '1.0.0-rc.1'),
            capabilities: fc.record({
              sensors: fc.array(fc.constantFrom('temperature', 'gps'), { maxLength: 3 }),
              peripherals: fc.array(fc.constantFrom('printer', 'card_reader'), { maxLength: 3 }),
              features: fc.array(fc.constantFrom('qr', 'nfc'), { maxLength: 3 }),
            }),
          }) as fc.Arbitrary<Json>,
        ),
      },
      hostileValue,
    ),
    (p) => parseKioskJoin(p, kiosk),
    2,
  );

  fuzz(
    'kiosk_command_ack',
    fc.oneof(
      {
        weight: 4,
        arbitrary: mutated(
          fc.record({
            command_id: fc.uuid().map(String),
            kiosk_id: fc.constant(7),
            command: fc.constantFrom('restart', 'block', 'refund', 'nope'),
            status: fc.constantFrom('processing', 'success', 'error'),
            timestamp: fc.constant('2026-12-07T10:00:00.000Z'),
          }) as fc.Arbitrary<Json>,
        ),
      },
      hostileValue,
    ),
    (p) => parseKioskCommandAck(p),
    3,
  );

  fuzz(
    'kiosk_payment',
    fc.oneof(
      {
        weight: 4,
        arbitrary: mutated(
          fc.record({
            transaction_id: fc.string({ minLength: 1, maxLength: 20 }),
            amount: fc.oneof(fc.constantFrom('12.50', '0.01', '1e3', '-1'), fc.double()),
            currency: fc.constantFrom('USD', 'ARS', 'usd', 'XX'),
            method: fc.constantFrom('cash', 'card', 'qr', 'gold'),
            status: fc.constantFrom('completed', 'failed'),
            timestamp: fc.constant('2026-12-07T10:00:00Z'),
            items: fc.array(fc.record({ sku: fc.string({ maxLength: 8 }), qty: fc.integer() }), {
              maxLength: 3,
            }),
          }) as fc.Arbitrary<Json>,
        ),
      },
      {
        weight: 1,
        arbitrary: mutated(
          fc.record({
            type: fc.constant('z_report'),
            business_date: fc.constantFrom('2026-12-06', '2026-02-31'),
            totals: fc.constant([{ currency: 'USD', method: 'cash', count: 3, amount: '30.00' }]),
          }) as fc.Arbitrary<Json>,
        ),
      },
      hostileValue,
    ),
    (p) => parseKioskPayment(p, kiosk),
    4,
  );
});
