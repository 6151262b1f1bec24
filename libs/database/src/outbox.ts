import type { OutboxEvent } from '@app/contracts';
import type { EntityManager } from 'typeorm';

/**
 * Appends events to the outbox with one INSERT through the caller's transaction (`manager` must be
 * the transactional one, or the point of the outbox is lost). Returns the event ids, in order.
 */
export async function writeOutbox(manager: EntityManager, events: readonly OutboxEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const params: unknown[] = [];
  const rows = events.map((e) => {
    params.push(e.type, e.kioskId, e.occurredAt, JSON.stringify(e.data));
    const n = params.length;
    return `($${n - 3}, $${n - 2}, $${n - 1}, $${n}::jsonb)`;
  });
  const inserted: { event_id: string }[] = await manager.query(
    `INSERT INTO outbox (event_type, kiosk_id, occurred_at, payload) VALUES ${rows.join(', ')} RETURNING event_id`,
    params,
  );
  return inserted.map((r) => r.event_id);
}
