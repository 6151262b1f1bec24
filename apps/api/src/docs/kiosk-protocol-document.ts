import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import YAML from 'yaml';

/**
 * The kiosk wire protocol as AsyncAPI 3.0 (`asyncapi.yaml` at the repository root): served at
 * `/docs/kiosk-protocol`, and the reference the gateway's validators are tested against
 * (apps/api/src/realtime/kiosk/asyncapi-conformance.spec.ts).
 *
 * Read relative to the working directory, like the bundled anomaly model: the API starts from the
 * repository root, and the container image copies the file beside `dist/`.
 */
export const KIOSK_PROTOCOL_PATH = join(process.cwd(), 'asyncapi.yaml');

export type JsonSchema = { [keyword: string]: unknown };

export interface AsyncApiMessage {
  name: string;
  title?: string;
  summary?: string;
  description?: string;
  payload: JsonSchema;
  examples?: Array<{ name?: string; summary?: string; payload: unknown }>;
  /** Checks beyond the payload schema, in the order they run; `stage: store` ones run after validation. */
  'x-kiosk-wire-checks'?: Array<{ id: string; code: string; description: string; stage?: 'store' }>;
}

export interface AsyncApiOperation {
  action: 'send' | 'receive';
  channel: { $ref: string };
  title?: string;
  summary?: string;
  description?: string;
  messages: Array<{ $ref: string }>;
  reply?: { channel?: { $ref: string }; messages?: Array<{ $ref: string }> };
}

export interface KioskProtocolDocument {
  asyncapi: string;
  info: {
    title: string;
    version: string;
    description?: string;
    'x-kiosk-wire-limits': Record<string, unknown>;
    'x-kiosk-error-codes': Array<{ code: string; when: string; events: string[] }>;
  };
  servers: Record<string, Record<string, unknown>>;
  channels: Record<string, { address?: string | null; messages?: Record<string, { $ref: string }> }>;
  operations: Record<string, AsyncApiOperation>;
  components: {
    messages: Record<string, AsyncApiMessage>;
    schemas: Record<string, JsonSchema>;
    securitySchemes?: Record<string, unknown>;
  };
}

/** Reads and parses the document (the YAML text too, to serve it as written). */
export async function readKioskProtocol(
  path = KIOSK_PROTOCOL_PATH,
): Promise<{ text: string; document: KioskProtocolDocument }> {
  const text = await readFile(path, 'utf8');
  return { text, document: parseKioskProtocol(text) };
}

export function parseKioskProtocol(text: string): KioskProtocolDocument {
  // Merge keys and custom tags are not used; `uniqueKeys` refuses a key written twice.
  return YAML.parse(text, { uniqueKeys: true }) as KioskProtocolDocument;
}

/** The value a local JSON pointer (`#/components/schemas/Serial`) names in `root`, or undefined. */
export function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * A copy of `value` with every local `$ref` replaced by what it names (the document's schemas do
 * not refer to themselves, so inlining ends). Throws on a reference that names nothing or loops.
 */
export function dereference<T>(value: T, root: unknown, seen: readonly string[] = []): T {
  if (Array.isArray(value)) return value.map((v: unknown) => dereference(v, root, seen)) as T;
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if (typeof obj.$ref === 'string') {
    const ref = obj.$ref;
    if (seen.includes(ref)) throw new Error(`asyncapi.yaml: $ref ${ref} refers to itself`);
    const target = resolvePointer(root, ref);
    if (target === undefined) throw new Error(`asyncapi.yaml: $ref ${ref} names nothing`);
    return dereference(target, root, [...seen, ref]) as T;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = dereference(v, root, seen);
  return out as T;
}

/** Every message of the document with its references inlined, by component name. */
export function kioskProtocolMessages(doc: KioskProtocolDocument): Record<string, AsyncApiMessage> {
  return dereference(doc.components.messages, doc);
}
