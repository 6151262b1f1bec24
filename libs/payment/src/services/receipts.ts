import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { NotificationsJob, QueueName, type SendEmailJob } from '@app/contracts';
import { formatAmount } from '../money/money';
import type { PaymentRow } from './payment-row';

interface ReceiptItem {
  sku?: unknown;
  name?: unknown;
  qty?: unknown;
  unit_price?: unknown;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** A short printable value of a kiosk-sent item field (items are the kiosk's free-form JSON). */
const cell = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v).slice(0, 80) : '';

/** The receipt email of a completed payment. Pure: same payment, same email (and messageId). */
export function renderReceipt(p: PaymentRow): SendEmailJob {
  const amount = `${formatAmount(p.amount_minor, p.currency)} ${p.currency}`;
  const when = p.occurred_at.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  const items = (Array.isArray(p.items) ? (p.items as ReceiptItem[]) : []).slice(0, 100);
  const lines = items.map((i) => ({
    label: cell(i.name) || cell(i.sku) || 'item',
    qty: cell(i.qty) || '1',
    price: cell(i.unit_price),
  }));
  const text = [
    `Thank you for your purchase.`,
    ``,
    `Receipt ${p.transaction_id}`,
    `Kiosk: ${p.kiosk_id}`,
    `Date: ${when}`,
    `Paid by: ${p.method}`,
    ...(lines.length
      ? ['', ...lines.map((l) => `  ${l.qty} × ${l.label}${l.price ? `  ${l.price}` : ''}`)]
      : []),
    ``,
    `Total: ${amount}`,
    `Payment id: ${p.id}`,
  ].join('\n');
  const rows = lines
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.qty)}</td><td>${escapeHtml(l.label)}</td><td style="text-align:right">${escapeHtml(l.price)}</td></tr>`,
    )
    .join('');
  const html =
    `<!doctype html><html><body style="font-family:sans-serif">` +
    `<h2>Thank you for your purchase</h2>` +
    `<p>Receipt <strong>${escapeHtml(p.transaction_id)}</strong><br>Kiosk ${p.kiosk_id}<br>${escapeHtml(when)}<br>Paid by ${escapeHtml(p.method)}</p>` +
    (rows ? `<table>${rows}</table>` : '') +
    `<p><strong>Total: ${escapeHtml(amount)}</strong></p>` +
    `<p style="color:#777;font-size:small">Payment id ${p.id}</p></body></html>`;
  return {
    to: [p.customer_email ?? ''],
    subject: `Your receipt ${p.transaction_id} — ${amount}`,
    text,
    html,
    messageId: `<receipt.${p.id}@kiosk-fleet>`,
  };
}

/** Queues the email receipt of a completed payment that names a customer email. */
@Injectable()
export class Receipts {
  private readonly logger = new Logger(Receipts.name);

  constructor(@InjectQueue(QueueName.Notifications) private readonly queue: Queue) {}

  async enqueue(p: PaymentRow): Promise<void> {
    if (p.status !== 'completed' || !p.customer_email) return;
    const job = renderReceipt(p);
    try {
      // The job id is the payment's: a second enqueue of the same receipt is a no-op in Bull.
      await this.queue.add(NotificationsJob.SendEmail, job, { jobId: `receipt:${p.id}` });
    } catch (e) {
      this.logger.warn(
        `receipt of payment ${p.id} not queued: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
}
