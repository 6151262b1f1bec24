import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';
import type { KioskStatus, KioskStatusSnapshot } from '@app/contracts';
import { AlertStore } from '../alerts/alert-store';
import { ALERT_COLUMNS } from '../alerts/alert-row';
import type { AlertTx } from '../alerts/alert-tx';
import { KioskFactsForAlerts } from '../alerts/kiosk-facts-for-alerts';
import { inScope } from '../conditions/rule-evaluator';
import type { LivenessRule } from '../rules/alert-rule';
import { RuleCache } from '../rules/rule-cache';
import { SiteIncidents } from './site-incidents';
import { WorkQueue } from './work-queue';

/** `stale` means silent (so an offline kiosk is stale too); `offline` means no socket. */
export function livenessHolds(kind: 'stale' | 'offline', status: KioskStatus): boolean {
  return kind === 'offline' ? status === 'offline' : status === 'stale' || status === 'offline';
}

/** SQL twin of livenessHolds, on kiosk_liveness_v `s` (kiosk's read model) and the rule's `r.condition`. */
const HOLDS_SQL = `((r.condition->>'liveness' = 'offline' AND s.status = 'offline')
                OR (r.condition->>'liveness' = 'stale' AND s.status IN ('stale', 'offline')))`;

/**
 * Since when a liveness condition has held: offline since the kiosk's last offline transition
 * (logged by the instance that saw it), else (never logged: the module was off) its last sign of
 * life; silent (stale) since its last sign of life.
 */
const SINCE_SQL = `CASE WHEN r.condition->>'liveness' = 'offline'
  THEN coalesce((SELECT max(g.at) FROM alert_signals g WHERE g.kiosk_id = s.kiosk_id AND g.kind = 'offline'),
                s.last_seen_at)
  ELSE s.last_seen_at END`;

/**
 * Liveness rules. A status change (published once, by the instance that made it) raises the rules
 * due at once and resolves those that no longer hold; rules with a duration (`offline for 5m`) and
 * anything a crashed instance missed are caught by the leader's sweep, which reads kiosk_liveness_v.
 */
@Injectable()
export class LivenessAlerts {
  /** Status changes come in storms (a site reconnecting): a few transactions at a time. */
  private readonly queue = new WorkQueue(2);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: RuleCache,
    private readonly kiosks: KioskFactsForAlerts,
    private readonly store: AlertStore,
    private readonly incidents: SiteIncidents,
  ) {}

  async onStatusChanged(snapshot: KioskStatusSnapshot, previous: KioskStatus | null): Promise<void> {
    const { kioskId, status } = snapshot;
    const wentOffline = status === 'offline' && previous !== 'offline';
    const over = this.rules.liveness.filter((r) => !livenessHolds(r.condition.liveness, status));
    if (!this.rules.liveness.length && !wentOffline) return;
    await this.queue.run(async () => {
      const tags = await this.kiosks.tagsFor(kioskId);
      const dueNow = this.rules.liveness.filter(
        (r) =>
          inScope(r.scope, kioskId, tags) &&
          r.condition.forSeconds === 0 &&
          livenessHolds(r.condition.liveness, status),
      );
      // Every kiosk coming back would otherwise cost a transaction: ask first (one indexed read).
      if (!dueNow.length && !wentOffline && !(await this.anyUnresolved(kioskId, over))) return;
      await this.store.transact(async (tx) => {
        if (wentOffline) {
          // When it went offline: `offline for N s` counts from here; site incidents count these.
          await tx.query(`INSERT INTO alert_signals (kiosk_id, kind) VALUES ($1, 'offline')`, [kioskId]);
          await this.incidents.checkTags(tx, tags);
        }
        await tx.fireRules(dueNow.map((rule) => ({ kioskId, rule, count: 1 })));
        await tx.resolveRules(
          over.map((r) => ({ kioskId, ruleId: r.id })),
          'liveness',
        );
      });
    });
  }

  private async anyUnresolved(kioskId: number, rules: readonly LivenessRule[]): Promise<boolean> {
    if (!rules.length) return false;
    const rows = await queryRecords<{ one: number }>(
      this.dataSource,
      `SELECT 1 AS one FROM alerts WHERE kiosk_id = $1 AND rule_id = ANY ($2::uuid[]) AND status <> 'resolved' LIMIT 1`,
      [kioskId, rules.map((r) => r.id)],
    );
    return rows.length > 0;
  }

  /** Leader: raises liveness rules whose duration has passed; resolves those that stopped holding. */
  async sweep(tx: AlertTx): Promise<void> {
    if (this.rules.liveness.length) {
      const due = await tx.query<{ kiosk_id: number; rule_id: string }>(
        `SELECT s.kiosk_id, r.id AS rule_id
           FROM alert_rules r, kiosk_liveness_v s JOIN kiosk_facts_v k ON k.id = s.kiosk_id
          WHERE r.enabled AND r.condition ? 'liveness' AND ${HOLDS_SQL}
            AND ${SINCE_SQL} <= now() - make_interval(secs => (r.condition->>'forSeconds')::int)
            AND (r.scope_kind = 'all' OR (r.scope_kind = 'tag' AND r.scope_value = ANY (k.tags))
                 OR (r.scope_kind = 'kiosk' AND k.id::text = r.scope_value))
            AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.kiosk_id = s.kiosk_id AND a.rule_id = r.id
                                                     AND a.status <> 'resolved')
          ORDER BY s.kiosk_id LIMIT 1000`,
      );
      await tx.fireRules(
        due.flatMap((d) => {
          const rule = this.rules.get(d.rule_id);
          return rule ? [{ kioskId: d.kiosk_id, rule, count: 1 }] : [];
        }),
      );
    }
    await tx.update(
      `UPDATE alerts a SET status = 'resolved', resolved_at = now(), resolved_reason = 'liveness'
         FROM alert_rules r, kiosk_liveness_v s
        WHERE a.type = 'liveness' AND a.status <> 'resolved' AND r.id = a.rule_id AND s.kiosk_id = a.kiosk_id
          AND NOT ${HOLDS_SQL}
      RETURNING ${ALERT_COLUMNS}`,
      [],
      'resolved',
    );
  }
}
