import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * CONTRACT §2: every body is described "with examples". Redocly checks that examples given are
 * valid, not that they exist: this checks that every request body has one, whole or field by field.
 */
type Schema = Record<string, unknown>;
interface Doc {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, Schema> } }>>;
  components: { schemas: Record<string, Schema> };
}

const doc = JSON.parse(readFileSync(join(__dirname, '../../../../openapi.json'), 'utf8')) as Doc;

/** Paths of the fields (under `at`) that neither carry an example nor sit under one that does. */
function fieldsWithoutExample(schema: Schema | undefined, at: string, seen: ReadonlySet<string>): string[] {
  if (!schema || schema.example !== undefined || Array.isArray(schema.enum)) return [];
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.split('/').pop()!;
    if (seen.has(name)) return [];
    return fieldsWithoutExample(doc.components.schemas[name], at, new Set(seen).add(name));
  }
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const branches = schema[key] as Schema[] | undefined;
    if (branches) return branches.flatMap((b) => fieldsWithoutExample(b, at, seen));
  }
  if (schema.type === 'array') return fieldsWithoutExample(schema.items as Schema, `${at}[]`, seen);
  const properties = schema.properties as Record<string, Schema> | undefined;
  if (properties) {
    return Object.entries(properties).flatMap(([name, prop]) =>
      fieldsWithoutExample(prop, `${at}.${name}`, seen),
    );
  }
  return [at || '(body)'];
}

describe('openapi.json: request bodies', () => {
  const bodies = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, op]) =>
      Object.entries(op.requestBody?.content ?? {}).map(([media, content]) => ({
        name: `${method.toUpperCase()} ${path} (${media})`,
        content,
      })),
    ),
  );

  it('are documented at all', () => {
    expect(bodies.length).toBeGreaterThan(20);
  });

  it.each(bodies.map((b) => [b.name, b.content] as const))(
    '%s has an example for every field',
    (_name, content) => {
      const whole = content.example !== undefined || content.examples !== undefined;
      expect(whole ? [] : fieldsWithoutExample(content.schema as Schema, '', new Set())).toEqual([]);
    },
  );
});
