import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

/**
 * Issue 17 item 2, kept true: each module's SQL touches only its own tables. Another module's data
 * is read through the owner's query (CQRS) or through a read-only view the owner's migration
 * creates. The ownership map and the allowed views are read from docs/architecture.md, the one
 * place they are written down, so the document and this guard cannot drift apart.
 *
 * A file-system check, no database: it sits with the e2e files because it guards the whole tree.
 */
const ROOT = join(__dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
/** Libs that are not domain modules: they own no tables and run no domain SQL. */
const INFRASTRUCTURE_LIBS = new Set(['contracts', 'core', 'database', 'platform', 'sdk', 'kiosk-signals']);
/** Code outside libs/ that belongs to a module: the training pipeline is run by ai. */
const EXTRA_SOURCES: Record<string, string[]> = { ai: ['ml'] };

/** `| module | \`t1\`, \`t2\` | … |` rows of the "Modules, their tables" table. */
export function ownershipFrom(doc: string): Map<string, Set<string>> {
  const section = doc.split('## Modules, their tables, their public messages')[1]?.split('\n## ')[0] ?? '';
  const owners = new Map<string, Set<string>>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 4 || !/^[a-z][a-z-]*$/.test(cells[1])) continue;
    owners.set(cells[1], new Set([...cells[2].matchAll(/`([a-z_][a-z0-9_]*)`/g)].map((m) => m[1])));
  }
  return owners;
}

/** `| \`view_v\` | owner | … |` rows of the "Cross-module reads" table. */
export function readModelsFrom(doc: string): Map<string, string> {
  const section = doc.split('## Cross-module reads')[1]?.split('\n## ')[0] ?? '';
  const views = new Map<string, string>();
  for (const line of section.split('\n')) {
    const m = /^\|\s*`([a-z_][a-z0-9_]*_v)`\s*\|\s*([a-z][a-z-]*)\s*\|/.exec(line);
    if (m) views.set(m[1], m[2]);
  }
  return views;
}

/** The relations a SQL text names after FROM / JOIN / INTO / UPDATE / TABLE, comma lists included. */
export function relationsIn(sql: string): string[] {
  const out: string[] = [];
  for (const m of sql.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+/g)) {
    const rest = sql.slice(m.index + m[0].length);
    const stop = rest.search(
      /\b(?:WHERE|JOIN|ON|USING|GROUP|ORDER|LIMIT|SET|VALUES|RETURNING|LEFT|RIGHT|INNER|CROSS|FULL|SELECT)\b|[();]/,
    );
    for (const item of (stop === -1 ? rest : rest.slice(0, stop)).split(',')) {
      const name = /^\s*(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)/.exec(item)?.[1];
      if (name) out.push(name);
    }
  }
  return out;
}

/** Every string and template literal of a TypeScript file (interpolations read as a space). */
export function stringsOf(file: string, text: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    let value: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) value = node.text;
    else if (ts.isTemplateExpression(node))
      value = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
    if (value !== undefined) {
      found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: value });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !/\.(e2e-)?spec\.ts$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

function migrationsText(): string {
  const dir = join(ROOT, 'migrations');
  return readdirSync(dir)
    .filter((f) => /^\d+-.*\.ts$/.test(f))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

const owners = ownershipFrom(DOC);
const readModels = readModelsFrom(DOC);
const ownerOf = new Map(
  [...owners].flatMap(([module, tables]) => [...tables].map((t) => [t, module] as const)),
);
const domainLibs = readdirSync(join(ROOT, 'libs'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && !INFRASTRUCTURE_LIBS.has(e.name))
  .map((e) => e.name);

/** Every reference in a module's code to a relation of another module: tables and views alike. */
function foreignReferences(): { module: string; at: string; relation: string; owner: string }[] {
  const refs: { module: string; at: string; relation: string; owner: string }[] = [];
  for (const module of domainLibs) {
    const dirs = [
      join(ROOT, 'libs', module, 'src'),
      ...(EXTRA_SOURCES[module] ?? []).map((d) => join(ROOT, d)),
    ];
    for (const file of dirs.flatMap(sourceFiles)) {
      for (const s of stringsOf(file, readFileSync(file, 'utf8'))) {
        for (const relation of new Set(relationsIn(s.text))) {
          const owner = ownerOf.get(relation) ?? readModels.get(relation);
          if (owner && owner !== module)
            refs.push({ module, at: `${relative(ROOT, file)}:${s.line}`, relation, owner });
        }
      }
    }
  }
  return refs;
}

/**
 * "Handlers hold no SQL" (issue 17): every domain module keeps its statements in repositories and
 * read files; a handler that runs SQL fails here.
 */
const MODULES_WITHOUT_HANDLER_SQL = [
  'ai',
  'alert',
  'auth',
  'command',
  'kiosk',
  'notification',
  'payment',
  'rollout',
  'telemetry',
];
const SQL_STATEMENT = /\b(?:SELECT|INSERT|UPDATE|DELETE)\b[\s\S]*\b(?:FROM|INTO|SET|RETURNING)\b/;

describe('module-owned tables (docs/architecture.md)', () => {
  it('reads the ownership map and the allowed read models from the document', () => {
    expect([...owners.keys()]).toEqual(
      expect.arrayContaining([
        'auth',
        'kiosk',
        'telemetry',
        'command',
        'payment',
        'alert',
        'ai',
        'notification',
      ]),
    );
    expect(ownerOf.get('kiosk_state')).toBe('kiosk');
    expect(ownerOf.get('payment_daily_totals')).toBe('payment');
    expect(readModels.get('kiosk_facts_v')).toBe('kiosk');
    expect(readModels.get('telemetry_readings_v')).toBe('telemetry');
  });

  it('finds the relations of joins, comma lists and sub-selects, and none in prose or columns', () => {
    expect(
      relationsIn(`SELECT s.kiosk_id FROM alert_rules r, kiosk_state s JOIN kiosks k ON k.id = s.kiosk_id
                    WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.kiosk_id = s.kiosk_id)`),
    ).toEqual(['alert_rules', 'kiosk_state', 'kiosks', 'alerts']);
    expect(relationsIn(`UPDATE alerts a SET x = 1 FROM ONLY telemetry t WHERE t.id = a.id`)).toEqual([
      'alerts',
      'telemetry',
    ]);
    expect(relationsIn(`INSERT INTO outbox (a) SELECT a FROM unnest($1::int[]) AS b(a)`)).toEqual([
      'outbox',
      'unnest',
    ]);
    expect(
      relationsIn('Only telemetry rules can be backtested against stored telemetry from kiosks'),
    ).toEqual([]);
    expect(relationsIn(`SELECT k.tags, kiosks FROM kiosk_facts_v k`)).toEqual(['kiosk_facts_v']);
  });

  it('flags a string naming another module’s table in a file of the module (the check bites)', () => {
    const strings = stringsOf(
      'x.ts',
      'const q = `SELECT id FROM ${"kiosks"} k, kiosks WHERE 1`; // FROM users',
    );
    const named = strings.flatMap((s) => relationsIn(s.text)).filter((r) => ownerOf.has(r));
    expect(named).toEqual(['kiosks']);
    expect(ownerOf.get(named[0])).toBe('kiosk');
  });

  it('no module runs SQL on a table another module owns', () => {
    const tables = foreignReferences().filter((r) => !readModels.has(r.relation));
    expect(tables.map((r) => `${r.at}: ${r.module} reads ${r.owner}'s table ${r.relation}`)).toEqual([]);
  });

  it('every view read across modules is listed in the document and created as a view by a migration', () => {
    const migrations = migrationsText();
    const views = new Set(
      foreignReferences().flatMap((r) => (readModels.has(r.relation) ? [r.relation] : [])),
    );
    expect(views.size).toBeGreaterThan(0);
    for (const view of readModels.keys()) {
      expect({ view, created: new RegExp(`CREATE (OR REPLACE )?VIEW ${view}\\b`).test(migrations) }).toEqual({
        view,
        created: true,
      });
    }
  });

  it('handlers of the converted modules hold no SQL (repositories and read files do)', () => {
    const offenders: string[] = [];
    for (const module of MODULES_WITHOUT_HANDLER_SQL) {
      for (const file of sourceFiles(join(ROOT, 'libs', module, 'src')).filter((f) =>
        f.endsWith('.handler.ts'),
      )) {
        const path = relative(ROOT, file);
        const sql = stringsOf(file, readFileSync(file, 'utf8')).filter((s) => SQL_STATEMENT.test(s.text));
        offenders.push(...sql.map((s) => `${path}:${s.line}`));
      }
    }
    expect(offenders).toEqual([]);
    expect(SQL_STATEMENT.test('UPDATE alerts SET status = $2 WHERE id = $1')).toBe(true);
    expect(SQL_STATEMENT.test('Only telemetry rules can be backtested')).toBe(false);
  });
});
