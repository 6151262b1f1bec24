import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import type { PaymentView } from '@app/core';

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
 * socket back to the database cursor, and a client that disconnects tears the cursor down.
 */
export function sendPaymentsCsv(res: Response, payments: Readable): void {
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', 'attachment; filename="payments.csv"');
  pipeline(payments, stringify({ header: true, columns: COLUMNS }), res, (e) => {
    // Headers are gone by then: all that is left to do with an error is to cut the response short.
    if (e) res.destroy();
  });
}

export const wantsCsv = (accept: string | undefined) => !!accept && /\btext\/csv\b/i.test(accept);
