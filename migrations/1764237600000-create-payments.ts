import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments, refunds, idempotent responses, per-day totals, kiosks' own day reports (z-reports) and
 * the payment session each kiosk last reported. Money is bigint minor units with the ISO 4217 code
 * beside it; the decimal form is computed, never stored.
 */
export class CreatePayments1764237600000 implements MigrationInterface {
  name = 'CreatePayments1764237600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kiosk_id int NOT NULL REFERENCES kiosks (id),
        transaction_id text NOT NULL CHECK (length(transaction_id) BETWEEN 1 AND 128),
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        method text NOT NULL CHECK (method IN ('cash', 'card', 'qr')),
        status text NOT NULL
          CHECK (status IN ('completed', 'failed', 'refund_pending', 'partially_refunded', 'refunded')),
        -- completed refunds only: a refund in flight is in payment_refunds until the kiosk confirms it
        refunded_minor bigint NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0 AND refunded_minor <= amount_minor),
        occurred_at timestamptz(3) NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        customer_email text CHECK (length(customer_email) <= 254),
        items jsonb,
        source text NOT NULL CHECK (source IN ('kiosk', 'api')),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT payments_kiosk_transaction UNIQUE (kiosk_id, transaction_id)
      )`);
    // Lists are newest first, by occurred_at then id (keyset pagination), fleet-wide or per kiosk.
    await q.query(`CREATE INDEX payments_occurred_at_id ON payments (occurred_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX payments_kiosk_occurred_at_id ON payments (kiosk_id, occurred_at DESC, id DESC)`,
    );
    // Summary edges (partial days) read only these columns: an index-only scan.
    await q.query(`
      CREATE INDEX payments_summary_scan ON payments (occurred_at)
        INCLUDE (kiosk_id, currency, method, amount_minor, refunded_minor) WHERE status <> 'failed'`);

    await q.query(`
      CREATE TABLE payment_refunds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        payment_id uuid NOT NULL REFERENCES payments (id),
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        status text NOT NULL CHECK (status IN ('pending', 'completed', 'failed')),
        -- the payment's status before refund_pending, restored when the kiosk refuses the refund
        previous_status text NOT NULL,
        command_id uuid,
        requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
        error text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        completed_at timestamptz(3)
      )`);
    await q.query(`CREATE INDEX payment_refunds_payment ON payment_refunds (payment_id, created_at)`);
    await q.query(
      `CREATE UNIQUE INDEX payment_refunds_command ON payment_refunds (command_id) WHERE command_id IS NOT NULL`,
    );
    // At most one refund waits for a kiosk per payment: the sum of refunds can then be checked under one row lock.
    await q.query(
      `CREATE UNIQUE INDEX payment_refunds_one_pending ON payment_refunds (payment_id) WHERE status = 'pending'`,
    );

    // Stripe-style idempotency: a key replays its first response; the key with another request is refused.
    await q.query(`
      CREATE TABLE payment_idempotency_keys (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
        request_hash bytea NOT NULL,
        state text NOT NULL CHECK (state IN ('in_progress', 'done')),
        response_status int,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);
    await q.query(
      `CREATE INDEX payment_idempotency_keys_created_at ON payment_idempotency_keys (created_at)`,
    );

    // Per UTC day, kiosk, currency and method: whole days of the summary come from here, so a
    // summary over millions of payments reads thousands of rows. Kept by the triggers below.
    await q.query(`
      CREATE TABLE payment_daily_totals (
        day date NOT NULL,
        kiosk_id int NOT NULL,
        currency char(3) NOT NULL,
        method text NOT NULL,
        count bigint NOT NULL,
        total_minor bigint NOT NULL,
        refunded_minor bigint NOT NULL,
        PRIMARY KEY (day, kiosk_id, currency, method)
      )`);
    // Per statement, from transition tables: a bulk insert adds to each (day, kiosk, currency, method)
    // once, instead of updating the same totals row once per payment inside one transaction.
    await q.query(`
      CREATE FUNCTION payment_daily_totals_add() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO payment_daily_totals AS t (day, kiosk_id, currency, method, count, total_minor, refunded_minor)
        SELECT (n.occurred_at AT TIME ZONE 'UTC')::date, n.kiosk_id, n.currency, n.method,
               count(*), sum(n.amount_minor), sum(n.refunded_minor)
          FROM new_rows n WHERE n.status <> 'failed'
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (day, kiosk_id, currency, method) DO UPDATE
          SET count = t.count + EXCLUDED.count,
              total_minor = t.total_minor + EXCLUDED.total_minor,
              refunded_minor = t.refunded_minor + EXCLUDED.refunded_minor;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION payment_daily_totals_refund() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO payment_daily_totals AS t (day, kiosk_id, currency, method, count, total_minor, refunded_minor)
        SELECT (n.occurred_at AT TIME ZONE 'UTC')::date, n.kiosk_id, n.currency, n.method,
               0, 0, sum(n.refunded_minor - o.refunded_minor)
          FROM new_rows n JOIN old_rows o USING (id)
         WHERE n.status <> 'failed' AND n.refunded_minor <> o.refunded_minor
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (day, kiosk_id, currency, method) DO UPDATE
          SET refunded_minor = t.refunded_minor + EXCLUDED.refunded_minor;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER payments_daily_totals_insert AFTER INSERT ON payments
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION payment_daily_totals_add()`);
    await q.query(`
      CREATE TRIGGER payments_daily_totals_refund AFTER UPDATE ON payments
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION payment_daily_totals_refund()`);

    // A kiosk's own day totals and what the server had recorded for that day when it arrived.
    await q.query(`
      CREATE TABLE payment_z_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kiosk_id int NOT NULL REFERENCES kiosks (id),
        business_date date NOT NULL,
        timezone text NOT NULL,
        reported jsonb NOT NULL,
        recorded jsonb NOT NULL,
        mismatches jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT payment_z_reports_kiosk_day UNIQUE (kiosk_id, business_date)
      )`);

    // The command module's hold deadline sweep (SessionHoldRelease) looks for these; the literal is
    // PAYMENT_SESSION_HOLD of libs/command.
    await q.query(`
      CREATE INDEX kiosk_commands_session_hold ON kiosk_commands (created_at)
        WHERE status = 'pending' AND hold_reason = 'held: a payment session is open on the kiosk'`);

    // The payment session each kiosk last reported in kiosk_update (session.active).
    await q.query(`
      CREATE TABLE kiosk_payment_sessions (
        kiosk_id int PRIMARY KEY REFERENCES kiosks (id) ON DELETE CASCADE,
        active boolean NOT NULL,
        since timestamptz,
        reported_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE kiosk_payment_sessions`);
    await q.query(`DROP INDEX kiosk_commands_session_hold`);
    await q.query(`DROP TABLE payment_z_reports`);
    await q.query(`DROP TRIGGER payments_daily_totals_refund ON payments`);
    await q.query(`DROP TRIGGER payments_daily_totals_insert ON payments`);
    await q.query(`DROP FUNCTION payment_daily_totals_refund()`);
    await q.query(`DROP FUNCTION payment_daily_totals_add()`);
    await q.query(`DROP TABLE payment_daily_totals`);
    await q.query(`DROP TABLE payment_idempotency_keys`);
    await q.query(`DROP TABLE payment_refunds`);
    await q.query(`DROP TABLE payments`);
  }
}
