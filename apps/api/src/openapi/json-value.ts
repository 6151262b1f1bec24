import type { OpenAPIObject, SchemaObject } from '@nestjs/swagger';

/** Referenced as `getSchemaPath('JsonValue')` by DTO fields that carry genuinely free-form JSON. */
export const JSON_VALUE = 'JsonValue';

const ref = { $ref: `#/components/schemas/${JSON_VALUE}` };

/*
 * Any JSON value, recursively, so openapi-typescript types it as a recursive union rather than
 * `unknown`. OpenAPI 3.0 has no `null` type: the object branch carries `nullable` (with its `type`,
 * as strict validators require), so `null` matches exactly one branch of the `oneOf`.
 */
const JSON_VALUE_SCHEMA: SchemaObject = {
  description: 'Any JSON value: string, number, boolean, array or object of JSON values, or null',
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', items: ref },
    { type: 'object', nullable: true, additionalProperties: ref },
  ],
};

/** Registers the JsonValue component (Nest's explorer only emits schemas of DTO classes). */
export function registerJsonValue(doc: OpenAPIObject): OpenAPIObject {
  doc.components = {
    ...doc.components,
    schemas: { ...doc.components?.schemas, [JSON_VALUE]: JSON_VALUE_SCHEMA },
  };
  return doc;
}
