import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hard lockout is gone (anyone knowing a username could trigger it): login protection now keeps
 * per-(username, address) delays and a per-username ceiling in Redis. Its two columns had no reader.
 */
export class DropUserLockout1764585000000 implements MigrationInterface {
  name = 'DropUserLockout1764585000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN failed_login_count, DROP COLUMN locked_until`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN failed_login_count int NOT NULL DEFAULT 0,
                                      ADD COLUMN locked_until timestamptz`);
  }
}
