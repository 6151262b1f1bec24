import { Injectable } from '@nestjs/common';
import type { PaymentMethod } from '@app/contracts';
import { AlertStore } from '../alerts/alert-store';
import { ALERT_COLUMNS } from '../alerts/alert-row';
import type { AlertTx } from '../alerts/alert-tx';
import { KioskFactsForAlerts } from '../alerts/kiosk-facts-for-alerts';
import { inScope } from '../conditions/rule-evaluator';
import { RuleCache } from '../rules/rule-cache';
import { WorkQueue } from './work-queue';

/**
 * Rate rules (`≥ count failed payments within withinSeconds`, optionally of one method). Failures are
 * logged in `alert_signals`, as they are recorded by whichever instance took the payment; a per-kiosk
 * advisory lock serialises the count so two failures arriving together cannot both miss the threshold.
 */
@Injectable()
export class RateAlerts {
  private readonly queue = new WorkQueue(2);

  constructor(
    private readonly rules: RuleCache,
    private readonly kiosks: KioskFactsForAlerts,
    private readonly store: AlertStore,
  ) {}

  async onPaymentFailed(kioskId: number, method: PaymentMethod): Promise<void> {
    await this.queue.run(() => this.count(kioskId, method));
  }

  private async count(kioskId: number, method: PaymentMethod): Promise<void> {
    const tags = await this.kiosks.tagsFor(kioskId);
    const rules = this.rules.rate.filter(
      (r) =>
        inScope(r.scope, kioskId, tags) &&
        (r.condition.method === undefined || r.condition.method === method),
    );
    await this.store.transact(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('alert-rate'), $1)`, [kioskId]);
      await tx.query(`INSERT INTO alert_signals (kiosk_id, kind, method) VALUES ($1, 'payment_failed', $2)`, [
        kioskId,
        method,
      ]);
      for (const rule of rules) {
        const [{ n }] = await tx.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM alert_signals
            WHERE kiosk_id = $1 AND kind = 'payment_failed' AND at > now() - make_interval(secs => $2)
              AND ($3::text IS NULL OR method = $3)`,
          [kioskId, rule.condition.withinSeconds, rule.condition.method ?? null],
        );
        if (n >= rule.condition.count) await tx.fireRules([{ kioskId, rule, count: 1 }]);
      }
    });
  }

  /** Leader: a rate alert resolves once a whole window has passed without another breach. */
  async sweep(tx: AlertTx): Promise<void> {
    await tx.update(
      `UPDATE alerts a SET status = 'resolved', resolved_at = now(), resolved_reason = 'rate_window'
           FROM alert_rules r
          WHERE a.type = 'rate' AND a.status <> 'resolved' AND r.id = a.rule_id
            AND a.last_seen_at < now() - make_interval(secs => (r.condition->>'withinSeconds')::int)
        RETURNING ${ALERT_COLUMNS}`,
      [],
      'resolved',
    );
  }
}
