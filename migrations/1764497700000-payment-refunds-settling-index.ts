import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payment housekeeping looks every 30 s for refunds whose command ended while no process heard it:
 * pending ones (few, found through payment_refunds_one_pending), and ones given up when their
 * command expired or was cancelled, in case the kiosk's success came late. This partial index keeps
 * the second part from reading every failed refund ever recorded.
 */
export class PaymentRefundsSettlingIndex1764497700000 implements MigrationInterface {
  name = 'PaymentRefundsSettlingIndex1764497700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX payment_refunds_failed_by_command ON payment_refunds (completed_at)
                    WHERE status = 'failed' AND command_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX payment_refunds_failed_by_command`);
  }
}
