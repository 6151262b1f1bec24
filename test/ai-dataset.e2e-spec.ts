import { Client } from 'pg';
import { createTestDatabase } from '@app/database';
import { buildDatabaseDataset, buildUploadedDataset } from '../ml/src/data/database-dataset';
import { featureIndex } from '../ml/src/features/feature-spec';

/**
 * The training dataset built from the fleet's own history, on a real (migrated) PostgreSQL:
 * stored telemetry labelled by how people resolved the alerts raised on it.
 */
describe('ml dataset from the database (telemetry × resolved alerts)', () => {
  let db: { url: string; drop(): Promise<void> };
  let client: Client;
  const t0 = Date.now() - 3 * 3600_000;
  const at = (minute: number): Date => new Date(t0 + minute * 60_000);

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    const kiosks = await client.query<{ id: number }>(
      `INSERT INTO kiosks (serial, name, code, secret_hash, lat, lng)
       VALUES ('DS-1', 'one', 'code-ds-1', '\\x00', 0, 0), ('DS-2', 'two', 'code-ds-2', '\\x00', 0, 0)
       RETURNING id`,
    );
    const [k1, k2] = kiosks.rows.map((r) => r.id);
    // 120 minutes of readings per kiosk; kiosk 1's CPU runs hot from minute 60.
    for (const kiosk of [k1, k2]) {
      for (let m = 0; m < 120; m++) {
        const hot = kiosk === k1 && m >= 60;
        await client.query(
          `INSERT INTO telemetry (kiosk_id, ts, received_at, seq, temperature, humidity, air_quality, cpu_temp,
                                  cpu_usage, ram_usage, disk_usage, printer_status, cash_acceptor, card_reader,
                                  lat, lng, accuracy, latency, signal_strength)
           VALUES ($1, $2, $2, $3, 22, 45, 30, $4, 30, 45, 60, 'ready', 'ready', 'ready', 0, 0, 3, 60, -60)`,
          [kiosk, at(m), m, hot ? 92 : 55],
        );
      }
    }
    const alert = (kiosk: number, type: string, from: number, to: number, falsePositive: boolean | null) =>
      client.query(
        `INSERT INTO alerts (kiosk_id, dedup_key, type, severity, status, title, first_seen_at, last_seen_at,
                             resolved_at, false_positive)
         VALUES ($1, $2, $3, 'major', 'resolved', 't', $4, $5, $5, $6)`,
        [kiosk, `${type}:${from}`, type, at(from), at(to), falsePositive],
      );
    await alert(k1, 'threshold', 60, 119, false); // a real problem
    await alert(k2, 'ai_anomaly', 10, 20, true); // marked a false positive
    await alert(k2, 'liveness', 30, 40, false); // says nothing about the readings
    await alert(k2, 'threshold', 50, 55, null); // resolved without a verdict
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('labels readings under a real-problem alert 1, everything else 0, with per-kiosk features', async () => {
    const ds = await buildDatabaseDataset({ connectionString: db.url });
    expect(ds.nRows).toBe(240);
    expect(ds.kioskKeys).toHaveLength(2);
    const k1 = ds.kioskKeys.findIndex((k) => k !== ds.kioskKeys[1]);
    let positives = 0;
    for (let i = 0; i < ds.nRows; i++) {
      const minute = Math.round((ds.tsMs[i] - t0) / 60_000);
      const expected = ds.kiosk[i] === k1 && minute >= 60 ? 1 : 0;
      expect(ds.y[i]).toBe(expected);
      positives += ds.y[i];
    }
    expect(positives).toBe(60);
    // Features went through the same extractor as serving: the hot readings stand out from the kiosk's norm.
    const firstHot = ds.tsMs.findIndex((t, i) => ds.kiosk[i] === k1 && t >= at(60).getTime());
    expect(ds.X[firstHot * ds.nFeatures + featureIndex('cpu_temp_dev')]).toBeCloseTo(37, 0);
    expect(ds.onsetHours[firstHot]).toBe(0);
  });

  it('keeps only judged readings when asked: the real problem and the false positive', async () => {
    const ds = await buildDatabaseDataset({ connectionString: db.url, onlyJudged: true });
    // Kiosk 1 minutes 60–119 (real), kiosk 2 minutes 10–20 (false positive).
    expect(ds.nRows).toBe(60 + 11);
    expect(Array.from(ds.y).reduce((a, b) => a + b, 0)).toBe(60);
  });

  it('reads the uploaded datasets, each file its own kiosks', async () => {
    const csv = (label: string) =>
      'serial,timestamp,temperature,humidity,air_quality,cpu_temp,cpu_usage,ram_usage,disk_usage,latency,signal_strength,label\n' +
      `K1,2026-11-25T10:00:00.000Z,24,50,30,55,40,60,70,80,-60,0\n` +
      `K1,2026-11-25T10:01:00.000Z,24,50,30,95,40,60,70,80,-60,${label}\n`;
    for (const label of ['1', '0']) {
      await client.query(
        `INSERT INTO ai_datasets (file_name, accepted, rejected, errors, csv) VALUES ('f.csv', 2, 0, '[]', $1)`,
        [csv(label)],
      );
    }
    const ds = await buildUploadedDataset({ connectionString: db.url });
    expect(ds.nRows).toBe(4);
    expect(ds.kioskKeys).toHaveLength(2);
    expect(Array.from(ds.y)).toEqual([0, 1, 0, 0]);
  });
});
