import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRecords, writeOutbox } from '@app/database';
import { PAYMENT_COLUMNS, PaymentRow, toPaymentView } from './payment-row';

/** A payment whose amount and currency are already read exactly. */
export interface NewPayment {
  kioskId: number;
  transactionId: string;
  amountMinor: bigint;
  currency: string;
  method: string;
  status: string;
  occurredAt: Date;
  customerEmail: string | null;
  items: unknown[] | null;
  source: 'kiosk' | 'api';
  createdBy: string | null;
}

export interface WrittenPayment {
  row: PaymentRow;
  /** False: (kiosk, transaction_id) existed already; `row` is the stored one. */
  created: boolean;
}

interface Waiting {
  payment: NewPayment;
  resolve(w: WrittenPayment): void;
  reject(e: unknown): void;
}

/** Batches written at once; more wait and go together in the next one (natural batching). */
const MAX_IN_FLIGHT = 3;
const MAX_BATCH = 500;

const keyOf = (kioskId: number, transactionId: string) => `${kioskId}\u0000${transactionId}`;

/**
 * The only writer of `payments`. Payments arriving while earlier batches are being written are
 * gathered and written together: one transaction with one multi-row INSERT … ON CONFLICT DO
 * NOTHING (the unique key keeps every transaction once, duplicates in one batch included) and one
 * outbox INSERT, so the per-commit costs (round trips, WAL flush, the outbox NOTIFY, the daily
 * totals trigger) are paid per batch, not per payment. Rows go in (kiosk, transaction) order, so
 * concurrent batches wait on each other's keys in one order and cannot deadlock. If a batch fails,
 * its payments are retried one by one, so one bad row fails alone.
 */
@Injectable()
export class PaymentBatchWriter {
  private readonly logger = new Logger(PaymentBatchWriter.name);
  private queue: Waiting[] = [];
  private inFlight = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  write(payment: NewPayment): Promise<WrittenPayment> {
    return new Promise((resolve, reject) => {
      this.queue.push({ payment, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length && this.inFlight < MAX_IN_FLIGHT) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: Waiting[]): Promise<void> {
    try {
      const written = await this.insert(batch.map((w) => w.payment));
      batch.forEach((w, i) => w.resolve(written[i] as WrittenPayment));
    } catch (e) {
      if (batch.length === 1) return (batch[0] as Waiting).reject(e);
      this.logger.warn(`a batch of ${batch.length} payments failed (${String(e)}); writing them one by one`);
      for (const w of batch) {
        await this.insert([w.payment]).then(
          ([r]) => w.resolve(r as WrittenPayment),
          (err: unknown) => w.reject(err),
        );
      }
    }
  }

  /** Results in the order of `payments`. */
  private async insert(payments: NewPayment[]): Promise<WrittenPayment[]> {
    const sorted = [...payments].sort(
      (a, b) =>
        a.kioskId - b.kioskId ||
        (a.transactionId < b.transactionId ? -1 : a.transactionId > b.transactionId ? 1 : 0),
    );
    const col = <T>(f: (p: NewPayment) => T) => sorted.map(f);
    const inserted = await this.dataSource.transaction(async (manager) => {
      const rows = await queryRecords<PaymentRow>(
        manager,
        `INSERT INTO payments AS p (kiosk_id, transaction_id, amount_minor, currency, method, status, occurred_at,
                                    customer_email, items, source, created_by)
         SELECT v.kiosk_id, v.transaction_id, v.amount_minor, v.currency, v.method, v.status, v.occurred_at,
                v.customer_email, v.items, v.source, v.created_by
           FROM unnest($1::int[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
                       $8::text[], $9::jsonb[], $10::text[], $11::uuid[])
                WITH ORDINALITY AS v(kiosk_id, transaction_id, amount_minor, currency, method, status, occurred_at,
                                     customer_email, items, source, created_by, n)
          ORDER BY v.n
         ON CONFLICT (kiosk_id, transaction_id) DO NOTHING
         RETURNING ${PAYMENT_COLUMNS}`,
        [
          col((p) => p.kioskId),
          col((p) => p.transactionId),
          col((p) => p.amountMinor.toString()),
          col((p) => p.currency),
          col((p) => p.method),
          col((p) => p.status),
          col((p) => p.occurredAt),
          col((p) => p.customerEmail),
          col((p) => (p.items ? JSON.stringify(p.items) : null)),
          col((p) => p.source),
          col((p) => p.createdBy),
        ],
      );
      await writeOutbox(
        manager,
        rows.map((row) => ({
          type: 'payment.recorded' as const,
          kioskId: row.kiosk_id,
          occurredAt: row.created_at,
          data: toPaymentView(row),
        })),
      );
      return rows;
    });
    const byKey = new Map<string, WrittenPayment>();
    for (const row of inserted) byKey.set(keyOf(row.kiosk_id, row.transaction_id), { row, created: true });
    const missing = sorted.filter((p) => !byKey.has(keyOf(p.kioskId, p.transactionId)));
    if (missing.length) {
      // Recorded before (or by a concurrent batch, whose commit ON CONFLICT waited for): read them back.
      const existing = await queryRecords<PaymentRow>(
        this.dataSource,
        `SELECT ${PAYMENT_COLUMNS} FROM payments p
           JOIN unnest($1::int[], $2::text[]) AS v(kiosk_id, transaction_id)
             ON p.kiosk_id = v.kiosk_id AND p.transaction_id = v.transaction_id`,
        [missing.map((p) => p.kioskId), missing.map((p) => p.transactionId)],
      );
      for (const row of existing) {
        const key = keyOf(row.kiosk_id, row.transaction_id);
        if (!byKey.has(key)) byKey.set(key, { row, created: false });
      }
    }
    // A transaction sent twice in one batch is created once: the second one is its duplicate.
    const seen = new Set<string>();
    return payments.map((p) => {
      const key = keyOf(p.kioskId, p.transactionId);
      const w = byKey.get(key);
      if (!w) throw new Error(`payment ${p.transactionId} of kiosk ${p.kioskId} neither inserted nor found`);
      const first = !seen.has(key);
      seen.add(key);
      return first ? w : { row: w.row, created: false };
    });
  }
}
