import type { JsonSchema } from '../../docs/kiosk-protocol-document';

/**
 * The sample set of asyncapi-conformance.spec.ts, generated from the AsyncAPI payload schemas
 * themselves: every property, array and string of a schema gets its boundaries (just inside, just
 * outside), wrong types, removal, unknown neighbours and unstorable text. A field added to
 * asyncapi.yaml is covered without touching this file. What the schema says about a sample is
 * computed by Ajv in the spec; the generator only says which checks beyond the schema
 * (`x-kiosk-wire-checks` ids) a sample breaks, and, for boundaries, what the schema must answer.
 */

/** Stands for a JSON number text that JSON.stringify cannot write (it writes Infinity as null). */
export class RawNumber {
  constructor(readonly text: string) {}
}

const DELETE = Symbol('delete');
type Path = ReadonlyArray<string | number>;

export interface WireSample {
  event: string;
  label: string;
  payload: unknown;
  /** `x-kiosk-wire-checks` ids this payload breaks (beyond its schema). */
  violates: string[];
  /** What the payload schema itself must answer (boundaries only): a check of the generator. */
  schemaMust?: 'accept' | 'refuse';
}

export interface SampleContext {
  event: string;
  ownSerial: string;
  /** Command names the server sends (`kiosk_command_ack.command` outside them is unknown_command). */
  knownCommands: readonly string[];
  timestampPattern: string;
  /** Objects whose unknown fields are kept in `extra` (`''`: the payload itself), from `x-kiosk-extra-from`. */
  extraFrom: readonly string[];
  limits: { maxNestingDepth: number; extra: { maxKeys: number; maxDepth: number } };
}

interface Mutation {
  label: string;
  path: Path;
  value: unknown;
  violates?: string[];
  schemaMust?: 'accept' | 'refuse';
}

// Valid instants in each accepted form, and text the timestamp pattern accepts but no clock shows.
const TIMESTAMPS_VALID = [
  '2026-11-25T10:00:00.000Z',
  '2026-11-25T10:00:00',
  '2026-11-25T10:00:00.123456789',
  '2026-11-25T10:00:00+0130',
  '2024-02-29T23:59:59.999-03:00',
];
const TIMESTAMPS_NO_INSTANT = [
  '2026-02-31T10:00:00.000Z',
  '2026-02-29T10:00:00',
  '2026-13-01T00:00:00Z',
  '2026-11-25T24:00:00Z',
  '2026-11-25T10:60:00Z',
];
const TIMESTAMPS_MALFORMED = [
  '2026-11-25 10:00:00',
  '2026-11-25',
  '2026-11-25T10:00:00.1234567890Z',
  '20261125T100000Z',
];
const DATES = { valid: ['2024-02-29', '2026-12-31'], noDay: ['2026-02-30', '2025-02-29', '2026-00-10'] };

/** Text a string field may hold by its schema but the store may not (and one that it may). */
const STORABILITY = [
  { label: 'a NUL character', text: 'a\u0000b', storable: false },
  { label: 'a lone high surrogate', text: 'x\ud800', storable: false },
  { label: 'a lone low surrogate', text: '\udc00y', storable: false },
  { label: 'a surrogate pair (emoji)', text: 'ok \ud83d\ude00', storable: true },
];

const isObjectSchema = (s: JsonSchema) =>
  s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object'));

function nest(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

/** A value the schema accepts, as plain as possible (its first example when it gives one). */
export function synthesize(schema: JsonSchema): unknown {
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.anyOf)) return synthesize(schema.anyOf[0] as JsonSchema);
  if (isObjectSchema(schema)) {
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = (schema.required ?? []) as string[];
    return Object.fromEntries(required.map((k) => [k, synthesize(props[k])]));
  }
  switch (schema.type) {
    case 'string':
      return 'x'.repeat(Math.max(1, (schema.minLength as number | undefined) ?? 1));
    case 'integer':
    case 'number':
      return (schema.minimum as number | undefined) ?? 0;
    case 'boolean':
      return true;
    case 'array':
      return [];
    default:
      return null;
  }
}

function* stringMutations(ctx: SampleContext, s: JsonSchema, path: Path, cur: unknown): Generator<Mutation> {
  const at = path.join('.');
  const strings: Array<{
    label: string;
    text: string;
    schemaMust?: 'accept' | 'refuse';
    violates?: string[];
  }> = [];
  const max = s.maxLength as number | undefined;
  const min = (s.minLength as number | undefined) ?? 0;
  if (Array.isArray(s.enum)) {
    for (const v of s.enum as string[])
      strings.push({ label: `enum value "${v}"`, text: v, schemaMust: 'accept' });
    strings.push({
      label: 'a value outside the enum',
      text: `not_${String(s.enum[0])}`,
      schemaMust: 'refuse',
    });
  } else if (typeof s.pattern === 'string') {
    for (const ex of (s.examples ?? []) as string[]) strings.push({ label: `example "${ex}"`, text: ex });
    const valid = typeof cur === 'string' ? cur : ((s.examples as string[] | undefined)?.[0] ?? '');
    if (max !== undefined) {
      strings.push({
        label: `a valid value padded to maxLength + 1 (${max + 1})`,
        text: valid + '0'.repeat(Math.max(1, max + 1 - [...valid].length)),
        schemaMust: 'refuse',
      });
    }
    strings.push({ label: 'text that breaks the pattern', text: '!', schemaMust: 'refuse' });
    if (s.pattern === ctx.timestampPattern) {
      for (const t of TIMESTAMPS_VALID)
        strings.push({ label: `timestamp ${t}`, text: t, schemaMust: 'accept' });
      for (const t of TIMESTAMPS_NO_INSTANT) {
        strings.push({ label: `timestamp ${t} (no such instant)`, text: t, violates: ['timestamp-instant'] });
      }
      for (const t of TIMESTAMPS_MALFORMED)
        strings.push({ label: `timestamp ${t}`, text: t, schemaMust: 'refuse' });
    }
    if (path[path.length - 1] === 'business_date') {
      for (const d of DATES.valid) strings.push({ label: `date ${d}`, text: d, schemaMust: 'accept' });
      for (const d of DATES.noDay)
        strings.push({ label: `date ${d} (no such day)`, text: d, violates: ['business-date'] });
    }
  } else {
    if (max !== undefined) {
      strings.push({ label: `maxLength (${max}) characters`, text: 'x'.repeat(max), schemaMust: 'accept' });
      strings.push({
        label: `maxLength + 1 (${max + 1}) characters`,
        text: 'x'.repeat(max + 1),
        schemaMust: 'refuse',
      });
      // JSON Schema counts characters (code points), not UTF-16 units.
      strings.push({
        label: `maxLength (${max}) emoji`,
        text: '\ud83d\ude00'.repeat(max),
        schemaMust: 'accept',
      });
    }
    strings.push({ label: `minLength (${min}) characters`, text: 'x'.repeat(min), schemaMust: 'accept' });
    if (min > 0) {
      strings.push({
        label: `minLength - 1 (${min - 1}) characters`,
        text: 'x'.repeat(min - 1),
        schemaMust: 'refuse',
      });
    }
    for (const u of STORABILITY) {
      strings.push({ label: u.label, text: u.text, violates: u.storable ? [] : ['storable'] });
    }
  }
  for (const { label, text, schemaMust, violates } of strings) {
    yield { label: `${at}: ${label}`, path, value: text, violates, schemaMust };
  }
}

function* numberMutations(s: JsonSchema, path: Path): Generator<Mutation> {
  const at = path.join('.');
  const integer = s.type === 'integer';
  const eps = (v: number) => (integer ? 1 : Math.max(1e-6, Math.abs(v) * 1e-12));
  if (typeof s.minimum === 'number') {
    yield { label: `${at}: minimum (${s.minimum})`, path, value: s.minimum, schemaMust: 'accept' };
    const below = s.minimum - eps(s.minimum);
    yield { label: `${at}: just below minimum (${below})`, path, value: below, schemaMust: 'refuse' };
  }
  if (typeof s.maximum === 'number') {
    yield { label: `${at}: maximum (${s.maximum})`, path, value: s.maximum, schemaMust: 'accept' };
    const above = s.maximum + eps(s.maximum);
    yield { label: `${at}: just above maximum (${above})`, path, value: above, schemaMust: 'refuse' };
  }
  if (integer) {
    const inside = ((s.minimum as number | undefined) ?? 0) + 0.5;
    yield { label: `${at}: a fraction (${inside})`, path, value: inside, schemaMust: 'refuse' };
  }
  if (typeof s.maximum !== 'number') yield { label: `${at}: 2^53 + 2`, path, value: 2 ** 53 + 2 };
  yield {
    label: `${at}: 1e999 (Infinity once parsed)`,
    path,
    value: new RawNumber('1e999'),
    schemaMust: 'refuse',
  };
  yield { label: `${at}: -1e999`, path, value: new RawNumber('-1e999'), schemaMust: 'refuse' };
  yield { label: `${at}: the number as a string`, path, value: String(s.minimum ?? 1), schemaMust: 'refuse' };
}

function* objectMutations(ctx: SampleContext, s: JsonSchema, path: Path, cur: unknown): Generator<Mutation> {
  const at = path.length ? path.join('.') : '(payload)';
  const toExtra = ctx.extraFrom.includes(path.join('.'));
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required ?? []) as string[]);
  const obj = (cur && typeof cur === 'object' ? cur : {}) as Record<string, unknown>;
  for (const [key, schema] of Object.entries(props)) {
    const here = [...path, key];
    if (key in obj) {
      yield {
        label: `${here.join('.')}: removed`,
        path: here,
        value: DELETE,
        schemaMust: required.has(key) ? 'refuse' : 'accept',
      };
      yield* mutations(ctx, schema, here, obj[key]);
    } else {
      const value = synthesize(schema);
      yield { label: `${here.join('.')}: added (${JSON.stringify(value)})`, path: here, value };
      // Mutated inside the added value, so its siblings (e.g. required ones) are there too.
      for (const m of mutations(ctx, schema, here, value)) {
        yield { ...m, path: here, value: setAt(value, m.path.slice(here.length), m.value) };
      }
    }
  }
  // Unknown fields: tolerated when storable (in kiosk_update, kept in `extra`, within its bounds).
  const unknown = (key: string, value: unknown, label: string, violates: string[] = []): Mutation => ({
    label: `${at}: unknown field, ${label}`,
    path: [...path, key],
    value,
    violates,
  });
  yield unknown('x_future_field', 1, 'a number');
  yield unknown('x_future_field', { nested: ['a', true, null] }, 'an object');
  for (const u of STORABILITY) {
    const broken = u.storable ? [] : [toExtra ? 'extra-bounds' : 'storable'];
    yield unknown('x_future_field', u.text, `its value holds ${u.label}`, broken);
    yield unknown(`k${u.text}`, 1, `its key holds ${u.label}`, broken);
  }
  if (path.length === 0) {
    const { maxNestingDepth, extra } = ctx.limits;
    for (const depth of [extra.maxDepth, extra.maxDepth + 1, maxNestingDepth, maxNestingDepth + 1]) {
      const violates = toExtra
        ? depth > extra.maxDepth
          ? ['extra-bounds']
          : []
        : depth > maxNestingDepth
          ? ['storable']
          : [];
      yield unknown('x_deep', nest(depth), `nested ${depth} deep`, violates);
    }
  }
}

function* arrayMutations(ctx: SampleContext, s: JsonSchema, path: Path, cur: unknown): Generator<Mutation> {
  const at = path.join('.');
  const itemSchema = (s.items ?? {}) as JsonSchema;
  const list = Array.isArray(cur) ? cur : [];
  const item = list.length ? list[0] : synthesize(itemSchema);
  if (typeof s.maxItems === 'number') {
    const full = Array.from({ length: s.maxItems }, () => structuredClone(item));
    yield { label: `${at}: maxItems (${s.maxItems}) items`, path, value: full, schemaMust: 'accept' };
    const over = [...full, structuredClone(item)];
    yield { label: `${at}: maxItems + 1 (${s.maxItems + 1}) items`, path, value: over, schemaMust: 'refuse' };
  }
  yield { label: `${at}: empty`, path, value: [] };
  if (!list.length) yield { label: `${at}: one item`, path, value: [item] };
  yield* mutations(ctx, itemSchema, [...path, 0], item);
}

/** Every mutation of `cur` (the valid value at `path`) that `schema` suggests. */
function* mutations(ctx: SampleContext, schema: JsonSchema, path: Path, cur: unknown): Generator<Mutation> {
  const at = path.length ? path.join('.') : '(payload)';
  if (Array.isArray(schema.anyOf)) {
    // A value outside one branch may be inside another: only the schema as a whole decides.
    for (const branch of schema.anyOf as JsonSchema[]) {
      for (const m of mutations(ctx, branch, path, cur)) yield { ...m, schemaMust: undefined };
    }
    yield { label: `${at}: null`, path, value: null };
    yield { label: `${at}: a boolean`, path, value: true };
    return;
  }
  if (isObjectSchema(schema)) yield* objectMutations(ctx, schema, path, cur);
  else if (schema.type === 'array') yield* arrayMutations(ctx, schema, path, cur);
  else if (schema.type === 'string') yield* stringMutations(ctx, schema, path, cur);
  else if (schema.type === 'number' || schema.type === 'integer') yield* numberMutations(schema, path);
  else if (schema.type === 'boolean') {
    yield { label: `${at}: true`, path, value: true, schemaMust: 'accept' };
    yield { label: `${at}: false`, path, value: false, schemaMust: 'accept' };
  }
  // Wrong types, whatever the schema (the verdict is Ajv's).
  for (const [label, value] of [
    ['null', null],
    ['a string', 'text'],
    ['a number', 7],
    ['a boolean', false],
    ['an array', []],
    ['an object', {}],
  ] as const) {
    yield { label: `${at}: ${label} instead`, path, value };
  }
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value === DELETE ? undefined : value;
  const copy = structuredClone(root ?? {}) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node[key] = next !== null && typeof next === 'object' ? next : {};
    node = node[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return copy;
}

/** What depends on the connection, not the payload: the kiosk's own serial, the commands it was sent. */
function identityViolations(ctx: SampleContext, payload: unknown): string[] {
  if (payload === null || typeof payload !== 'object') return [];
  const { serial, command } = payload as { serial?: unknown; command?: unknown };
  const broken: string[] = [];
  if (typeof serial === 'string' && serial !== ctx.ownSerial) broken.push('own-serial');
  if (
    ctx.event === 'kiosk_command_ack' &&
    typeof command === 'string' &&
    !ctx.knownCommands.includes(command)
  ) {
    broken.push('known-command');
  }
  return broken;
}

/** The sample set of one event: its valid base, then every mutation of it. */
export function generateSamples(ctx: SampleContext, schema: JsonSchema, base: unknown): WireSample[] {
  const samples: WireSample[] = [
    { event: ctx.event, label: 'the base example', payload: base, violates: [], schemaMust: 'accept' },
  ];
  for (const m of mutations(ctx, schema, [], base)) {
    const payload = setAt(base, m.path, m.value);
    samples.push({
      event: ctx.event,
      label: m.label,
      payload,
      violates: [...(m.violates ?? []), ...identityViolations(ctx, payload)],
      schemaMust: m.schemaMust,
    });
  }
  const { extra } = ctx.limits;
  const withKeys = (n: number) => {
    const payload = structuredClone(base) as Record<string, unknown>;
    for (let i = 0; i < n; i++) payload[`x_key_${i}`] = i;
    return payload;
  };
  samples.push(
    {
      event: ctx.event,
      label: `${extra.maxKeys} unknown fields`,
      payload: withKeys(extra.maxKeys),
      violates: [],
    },
    {
      event: ctx.event,
      label: `${extra.maxKeys + 1} unknown fields`,
      payload: withKeys(extra.maxKeys + 1),
      violates: ctx.extraFrom.includes('') ? ['extra-bounds'] : [],
    },
  );
  return samples;
}

/** JSON text of a sample payload, RawNumber written as its text. */
export function sampleJson(payload: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(payload, (_key, value: unknown) => {
    if (value instanceof RawNumber) {
      raws.push(value.text);
      return `\u0001raw${raws.length - 1}\u0001`;
    }
    return value;
  });
  return raws.reduce((t, raw, i) => t.replace(`"\\u0001raw${i}\\u0001"`, raw), text ?? 'null');
}

export const hasRawNumber = (payload: unknown): boolean => sampleJson(payload) !== JSON.stringify(payload);
