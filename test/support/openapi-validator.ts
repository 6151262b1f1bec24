import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Checks a response the e2e suite received against the app's own OpenAPI 3.0 document: the status
 * is documented for the operation, the content type is one documented for that status, a JSON body
 * validates against the documented schema (undocumented properties included), and documented
 * headers that are present parse as their schema says. test-app.ts runs it on every `t.http()`
 * request, so the document cannot drift from what the app really sends.
 */

type Json = Record<string, unknown>;

interface Operation {
  operationId?: string;
  responses: Record<string, ResponseObject>;
}

interface ResponseObject {
  content?: Record<string, { schema?: Json }>;
  headers?: Record<string, { schema?: Json; required?: boolean } | { $ref: string }>;
  $ref?: string;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: {
    schemas?: Record<string, Json>;
    headers?: Record<string, Json>;
    responses?: Record<string, Json>;
  };
}

export interface ReceivedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text?: string;
}

/**
 * Paths the app serves outside the document on purpose: Swagger UI and its JSON, the Socket.IO
 * transport (handshakes are checked by the socket tests), and the bull-board UI mounted by
 * @bull-board/nestjs. Matched against the path without its query.
 */
const OUTSIDE_THE_SPEC: readonly RegExp[] = [
  /^\/docs(?:[/-]|$)/,
  /^\/socket\.io\//,
  /^\/api\/v1\/admin\/queues(?:\/|$)/,
];

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

/** Vocabulary of OpenAPI 3.0 that annotates but does not constrain a response. */
const ANNOTATIONS = new Set([
  'nullable',
  'example',
  'examples',
  'discriminator',
  'xml',
  'externalDocs',
  'deprecated',
  'readOnly',
  'writeOnly',
]);

interface Route {
  template: string;
  pattern: RegExp;
  /** Literal segments: `/commands/bulk/{batchId}` beats `/commands/{id}/cancel` on `/commands/bulk/x`. */
  literalSegments: number;
  operations: Record<string, Operation>;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * OpenAPI 3.0 Schema Object → JSON Schema (draft-07, what Ajv's default class takes):
 * - `nullable: true` becomes a `null` type (and `null` joins an `enum`, which 3.0 implies), or an
 *   `anyOf` with `{type: 'null'}` where there is no `type` to extend;
 * - boolean `exclusiveMinimum`/`exclusiveMaximum` (3.0) become the numeric form;
 * - `writeOnly` properties are not part of a response: dropped, and from `required`;
 * - objects that list `properties` and say nothing of `additionalProperties` refuse undocumented
 *   properties, so a field the app sends but the document forgets is a failure, not a silent pass;
 * - annotations (`example`, `discriminator`, …) are dropped and `$ref`s point into the Ajv schema
 *   `spec` that holds every component.
 * A converter rather than Ajv's own `nullable` keyword (`strictTypes: false`): that keyword needs a
 * `type` beside it, while Nest emits `nullable` next to `allOf: [{$ref}]`, and it ignores the other
 * 3.0 differences above.
 */
export function toJsonSchema(input: unknown, components: Record<string, Json> = {}): unknown {
  const convert = (n: unknown) => toJsonSchema(n, components);
  if (Array.isArray(input)) return input.map(convert);
  if (!isObject(input)) return input;
  const node = mergeObjectAllOf(input, components);
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace(/^#\/components\/schemas\//, 'spec#/definitions/');
    } else if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value)
          .filter(([, prop]) => !(isObject(prop) && prop.writeOnly === true))
          .map(([name, prop]) => [name, convert(prop)]),
      );
    } else if (key === 'items' || key === 'not' || (key === 'additionalProperties' && isObject(value))) {
      out[key] = convert(value);
    } else if ((key === 'allOf' || key === 'oneOf' || key === 'anyOf') && Array.isArray(value)) {
      out[key] = value.map(convert);
    } else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
      const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
      if (value === true && typeof node[bound] === 'number') out[key] = node[bound];
      else if (typeof value === 'number') out[key] = value;
    } else {
      out[key] = value;
    }
  }
  if (out.exclusiveMinimum !== undefined && node.exclusiveMinimum === true) delete out.minimum;
  if (out.exclusiveMaximum !== undefined && node.exclusiveMaximum === true) delete out.maximum;
  if (Array.isArray(out.required) && isObject(node.properties)) {
    const props = node.properties;
    out.required = out.required.filter((name) => {
      const prop = props[name as string];
      return !(isObject(prop) && prop.writeOnly === true);
    });
  }
  if (
    isObject(out.properties) &&
    out.additionalProperties === undefined &&
    !out.allOf &&
    !out.oneOf &&
    !out.anyOf
  ) {
    out.additionalProperties = false;
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else {
      return { anyOf: [out, { type: 'null' }] };
    }
  }
  return out;
}

/**
 * `allOf` of plain object schemas (Nest's paged lists: `PageMetaDto` + `{items}`) as one object, so
 * the merged object can refuse undocumented properties — draft-07 cannot close an `allOf`.
 */
function mergeObjectAllOf(node: Json, components: Record<string, Json>): Json {
  if (!Array.isArray(node.allOf) || node.allOf.length < 2) return node;
  const branches: Json[] = [];
  for (const branch of node.allOf as unknown[]) {
    let resolved = branch;
    while (isObject(resolved) && typeof resolved.$ref === 'string') {
      resolved = components[resolved.$ref.replace('#/components/schemas/', '')];
    }
    if (!isObject(resolved) || !isObject(resolved.properties)) return node;
    if (resolved.allOf || resolved.oneOf || resolved.anyOf || resolved.additionalProperties !== undefined)
      return node;
    branches.push(resolved);
  }
  const { allOf: _allOf, ...rest } = node;
  return {
    ...rest,
    type: 'object',
    properties: Object.assign({}, ...branches.map((b) => b.properties)),
    required: [...new Set(branches.flatMap((b) => (Array.isArray(b.required) ? b.required : [])))],
  };
}

function mediaType(contentType: string | string[] | undefined): string | undefined {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  return value?.split(';')[0]?.trim().toLowerCase() || undefined;
}

function isJson(media: string): boolean {
  return media === 'application/json' || media.endsWith('+json');
}

function describeError(error: ErrorObject): string {
  const at = error.instancePath || '(root)';
  const params =
    error.keyword === 'additionalProperties'
      ? ` '${(error.params as { additionalProperty: string }).additionalProperty}'`
      : error.keyword === 'enum'
        ? ` ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}`
        : '';
  return `body${at === '(root)' ? '' : at.replace(/\//g, '.')} ${error.message ?? error.keyword}${params}`;
}

function headerValueProblem(name: string, value: string, schema: Json | undefined): string | undefined {
  if (!schema) return undefined;
  if (schema.type === 'integer' && !/^-?\d+$/.test(value))
    return `header ${name} must be an integer, got '${value}'`;
  if (schema.type === 'number' && Number.isNaN(Number(value)))
    return `header ${name} must be a number, got '${value}'`;
  if (typeof schema.minimum === 'number' && Number(value) < schema.minimum)
    return `header ${name} must be ≥ ${schema.minimum}, got '${value}'`;
  return undefined;
}

export class OpenApiResponseValidator {
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDocument) {
    this.ajv = new Ajv({
      allErrors: false,
      // Unknown keywords and formats still fail (a gap in the converter shows at once); the type
      // checks of strict mode want `type` beside every `minimum`/`properties`, which 3.0 does not.
      strict: true,
      strictTypes: false,
      strictRequired: false,
      allowUnionTypes: true,
    });
    addFormats(this.ajv);
    const definitions = Object.fromEntries(
      Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) => [
        name,
        toJsonSchema(schema, doc.components?.schemas),
      ]),
    );
    this.ajv.addSchema({ $id: 'spec', definitions });
    this.routes = Object.entries(doc.paths)
      .map(([template, operations]) => {
        const segments = template.split('/').filter(Boolean);
        const pattern = new RegExp(
          `^/${segments.map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : escapeRegExp(s))).join('/')}/?$`,
        );
        return {
          template,
          pattern,
          literalSegments: segments.filter((s) => !s.startsWith('{')).length,
          operations: Object.fromEntries(Object.entries(operations).filter(([m]) => HTTP_METHODS.has(m))),
        };
      })
      .sort((a, b) => b.literalSegments - a.literalSegments);
  }

  /** A sentence saying what does not match, or undefined when the response is as documented. */
  check(method: string, url: string, res: ReceivedResponse): string | undefined {
    const path = new URL(url, 'http://localhost').pathname;
    if (OUTSIDE_THE_SPEC.some((re) => re.test(path))) return undefined;
    const verb = method.toLowerCase();
    if (verb === 'head' || verb === 'options') return undefined;
    const routes = this.routes.filter((r) => r.pattern.test(path));
    const route = routes.find((r) => r.operations[verb]);
    if (!route) return this.checkUnknownRoute(method, path, res);
    const op = route.operations[verb];
    const name = `${method.toUpperCase()} ${route.template}${op.operationId ? ` (${op.operationId})` : ''}`;
    const status = String(res.status);
    // An internal error is never planned, so no operation lists it (tests that inject a fault see it);
    // it must still come in the one error shape.
    if (res.status === 500 && !op.responses['500']) return this.checkErrorShape(`${name} answered 500`, res);
    const response =
      op.responses[status] ??
      op.responses[`${status[0]}XX`] ??
      op.responses[`${status[0]}xx`] ??
      op.responses.default;
    if (!response) {
      return `${name} answered ${status}, which the document does not list (documented: ${Object.keys(op.responses).join(', ')}); body ${JSON.stringify(res.body ?? res.text)?.slice(0, 300)}`;
    }
    const problem = this.checkResponse(`${name}:${status}`, this.deref(response), res);
    return problem ? `${name} answered ${status}: ${problem}` : undefined;
  }

  /** No route of the document: the app must answer a plain 404 in the error shape. */
  private checkUnknownRoute(method: string, path: string, res: ReceivedResponse): string | undefined {
    const where = `${method.toUpperCase()} ${path} (no operation in the document)`;
    if (res.status !== 404) return `${where} answered ${res.status}; only a 404 is expected off the document`;
    return this.checkErrorShape(`${where} answered 404`, res);
  }

  private checkErrorShape(what: string, res: ReceivedResponse): string | undefined {
    const validate = this.compile('error-shape', { $ref: '#/components/schemas/ApiErrorDto' });
    return validate(res.body) ? undefined : `${what}: ${describeError(validate.errors![0])}`;
  }

  private deref<T>(value: T | { $ref: string }): T {
    if (!isObject(value) || typeof value.$ref !== 'string') return value as T;
    const [, section, name] = value.$ref.replace(/^#\//, '').split('/');
    const components = this.doc.components as Record<string, Record<string, unknown>> | undefined;
    return this.deref(components?.[section]?.[name] as T);
  }

  private compile(key: string, schema: Json): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema, this.doc.components?.schemas) as Json);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  private checkResponse(key: string, response: ResponseObject, res: ReceivedResponse): string | undefined {
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      const resolved = this.deref(header) as { schema?: Json; required?: boolean };
      const value = res.headers[name.toLowerCase()];
      if (value === undefined) {
        if (resolved.required) return `the documented header ${name} is missing`;
        continue;
      }
      const problem = headerValueProblem(
        name,
        Array.isArray(value) ? value.join(',') : value,
        resolved.schema,
      );
      if (problem) return problem;
    }
    const content = response.content ?? {};
    const media = mediaType(res.headers['content-type']);
    const sentBody = media !== undefined && !(typeof res.text === 'string' && res.text.length === 0);
    const documented = Object.keys(content);
    if (!sentBody) {
      return documented.length === 0 || res.status === 204
        ? undefined
        : `an empty body, but the document describes ${documented.join(', ')}`;
    }
    if (documented.length === 0) return `a ${media} body the document does not describe`;
    const matching =
      documented.find((d) => d.toLowerCase() === media) ??
      documented.find((d) => d.endsWith('/*') && media!.startsWith(d.slice(0, -1))) ??
      documented.find((d) => d === '*/*');
    if (!matching) return `content type ${media}, but the document describes ${documented.join(', ')}`;
    const schema = content[matching].schema;
    if (!schema || !isJson(media!)) return undefined;
    const validate = this.compile(`${key}:${matching}`, schema);
    return validate(res.body) ? undefined : describeError(validate.errors![0]);
  }
}
