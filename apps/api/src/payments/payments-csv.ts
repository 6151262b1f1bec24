import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import type { PaymentView } from '@app/contracts';
import { SPREADSHEET_SAFE_CAST } from '../common/csv-cells';

const COLUMNS: Array<keyof PaymentView> = [
  'id',
  'kioskId',
  'transactionId',
  'amount',
  'amountMinor',
  'currency',
  'method',
  'status',
  'refundedAmount',
  'occurredAt',
  'createdAt',
];

/**
 * Streams payment resources to the response as CSV. `pipeline` carries backpressure from the
 * socket back to the database cursor, and a client that disconnects tears the cursor down. Text
 * cells a spreadsheet would run as a formula (`transactionId` is free text) are escaped (csv-cells).
 */
export function sendPaymentsCsv(res: Response, payments: Readable): void {
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', 'attachment; filename="payments.csv"');
  pipeline(payments, stringify({ header: true, columns: COLUMNS, cast: SPREADSHEET_SAFE_CAST }), res, (e) => {
    // Headers are gone by then: all that is left to do with an error is to cut the response short.
    if (e) res.destroy();
  });
}

/** What `GET /payments/export.csv` (and the list with `Accept: text/csv`) sends, for the OpenAPI document. */
export const PAYMENTS_CSV_EXAMPLE =
  `${COLUMNS.join(',')}\n` +
  '6f0c…,42,tx-1001,12.50,1250,USD,card,completed,0.00,2026-11-25T10:00:00.000Z,2026-11-25T10:00:01.000Z\n';

export const wantsCsv = (accept: string | undefined) => !!accept && /\btext\/csv\b/i.test(accept);
