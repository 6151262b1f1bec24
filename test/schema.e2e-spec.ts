import { DataSource } from 'typeorm';
import { AUTH_ENTITIES } from '@app/auth';
import { buildDataSourceOptions, createTestDatabase } from '@app/database';

/**
 * Migrations are hand-written SQL (checks, partial indexes and partitions that TypeORM cannot
 * model); entities only map rows. This keeps the two honest: every mapped column exists with a
 * matching type and nullability, and every migration can be reverted and re-applied.
 */
describe('schema: migrations and entities agree', () => {
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource({
      ...buildDataSourceOptions(db.url, 2),
      entities: [...AUTH_ENTITIES],
    }).initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('has every entity column in the database, with a compatible type and nullability', async () => {
    const rows: Array<{
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      is_nullable: string;
    }> =
      await ds.query(`SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns
                       WHERE table_schema = 'public'`);
    const byKey = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r]));
    const problems: string[] = [];
    for (const meta of ds.entityMetadatas) {
      for (const col of meta.columns) {
        const key = `${meta.tableName}.${col.databaseName}`;
        const found = byKey.get(key);
        if (!found) {
          problems.push(`${key} is mapped but missing`);
          continue;
        }
        const expectedType = ds.driver.normalizeType(col);
        // information_schema names every array column's type ARRAY and its element type in udt_name
        // (`_text` for text[], as api_keys.tags).
        if (col.isArray) {
          if (found.data_type !== 'ARRAY' || found.udt_name !== `_${expectedType}`) {
            problems.push(
              `${key}: entity type ${expectedType}[], database ${found.data_type} ${found.udt_name}`,
            );
          }
        } else if (found.data_type !== expectedType) {
          problems.push(`${key}: entity type ${expectedType}, database ${found.data_type}`);
        }
        if ((found.is_nullable === 'YES') !== col.isNullable) {
          problems.push(`${key}: entity nullable=${col.isNullable}, database ${found.is_nullable}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps kiosk_state updates from telemetry HOT: room on its pages, no index on what every reading sets', async () => {
    const [table] = (await ds.query(
      `SELECT reloptions FROM pg_class WHERE relname = 'kiosk_state' AND relkind = 'r'`,
    )) as Array<{ reloptions: string[] | null }>;
    expect(table?.reloptions).toContain('fillfactor=50');
    // The columns the telemetry projection (UpdateKioskStateWhenTelemetryRecordedHandler) writes.
    const perReading = [
      'last_seen_at',
      'last_reading_at',
      'last_reading',
      'clock_skew_sec',
      'peripherals_ok',
      'can_sell',
    ];
    const indexed = (await ds.query(
      `SELECT i.relname AS index, a.attname AS column
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = ANY (x.indkey)
        WHERE x.indrelid = 'kiosk_state'::regclass`,
    )) as Array<{ index: string; column: string }>;
    expect(indexed.filter((r) => perReading.includes(r.column))).toEqual([]);
  });

  it('writes each reading into one B-tree: the dedup index that also serves per-kiosk time ranges', async () => {
    const indexes = (await ds.query(
      `SELECT i.relname AS name, am.amname AS method, x.indisunique AS unique,
              array_to_string(array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, pos)
                                      JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                                     ORDER BY k.pos), ',') AS columns
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_am am ON am.oid = i.relam
        WHERE x.indrelid = 'telemetry'::regclass
        ORDER BY 1`,
    )) as Array<{ name: string; method: string; unique: boolean; columns: string }>;
    expect(indexes).toEqual([
      { name: 'telemetry_kiosk_ts_seq', method: 'btree', unique: true, columns: 'kiosk_id,ts,seq' },
      { name: 'telemetry_ts_brin', method: 'brin', unique: false, columns: 'ts' },
    ]);
  });

  it('reverts every migration and applies them again', async () => {
    const count = ds.migrations.length;
    for (let i = 0; i < count; i++) await ds.undoLastMigration({ transaction: 'each' });
    const tables: Array<{ n: string }> = await ds.query(
      `SELECT count(*)::text AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations'`,
    );
    expect(tables[0]?.n).toBe('0');
    const applied = await ds.runMigrations({ transaction: 'each' });
    expect(applied).toHaveLength(count);
  });
});
