import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';

/** The statements of the payment-session aggregate (`kiosk_payment_sessions`, one row per kiosk). */
@Injectable()
export class PaymentSessionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Stores the reports in one statement (an older one never overrides a newer one) and answers the
   * kiosks whose open session this ended.
   */
  async record(kioskIds: number[], active: boolean[], at: Date[]): Promise<number[]> {
    const ended = await queryRecords<{ kiosk_id: number }>(
      this.dataSource,
      `WITH v AS (SELECT * FROM unnest($1::int[], $2::bool[], $3::timestamptz[]) AS v(kiosk_id, active, at)),
       -- the statement's snapshot: the state before this upsert (no FOR UPDATE, which would
       -- follow the row to the version this very statement writes)
       old AS (SELECT s.kiosk_id, s.active FROM kiosk_payment_sessions s JOIN v USING (kiosk_id)),
       up AS (
         INSERT INTO kiosk_payment_sessions AS s (kiosk_id, active, since, reported_at)
         SELECT kiosk_id, active, CASE WHEN active THEN at END, at FROM v ORDER BY kiosk_id
         ON CONFLICT (kiosk_id) DO UPDATE
           SET active = EXCLUDED.active,
               since = CASE WHEN NOT EXCLUDED.active THEN NULL WHEN s.active THEN s.since ELSE EXCLUDED.since END,
               reported_at = EXCLUDED.reported_at
           WHERE s.reported_at <= EXCLUDED.reported_at
         RETURNING s.kiosk_id, s.active)
       SELECT up.kiosk_id FROM up JOIN old USING (kiosk_id) WHERE old.active AND NOT up.active`,
      [kioskIds, active, at],
    );
    return ended.map((r) => r.kiosk_id);
  }
}
