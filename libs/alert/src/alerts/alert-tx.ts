import type { AlertChange, AlertSeverity, AlertType, ExplanationTerm } from '@app/contracts';
import type { OutboxEvent } from '@app/contracts';
import { queryRecords } from '@app/database';
import type { EntityManager } from 'typeorm';
import type { AlertOptions } from '../alert.options';
import { ALERT_COLUMNS, AlertRow, alertView } from './alert-row';

/** One rule's condition held for a kiosk `count` times (readings, or evaluations) since the last write. */
export interface RuleFire {
  kioskId: number;
  rule: { id: string; name: string; severity: AlertSeverity; type: AlertType };
  count: number;
  /** False when the evaluator knows the alert is already open: no re-open check needed. */
  opened?: boolean;
}

export interface KeyedAlert {
  kioskId: number | null;
  dedupKey: string;
  type: AlertType;
  severity: AlertSeverity;
  title: string;
  explanation?: ExplanationTerm[] | null;
  details?: Record<string, unknown> | null;
  memberKioskIds?: number[] | null;
  /** How many times it happened since the last write (default 1): one write may stand for a batch. */
  occurrences?: number;
}

export interface AlertChanges {
  raised: AlertRow[];
  updated: { row: AlertRow; change: AlertChange }[];
}

type Inserted = AlertRow & { inserted: boolean };

/**
 * The alert writes of one transaction. Every statement goes through here so the changes worth
 * announcing are collected: the store writes them to the outbox before commit and publishes them
 * after. Muted alerts (maintenance windows) are written but never announced.
 */
export class AlertTx {
  readonly changes: AlertChanges = { raised: [], updated: [] };

  constructor(
    readonly manager: EntityManager,
    private readonly options: AlertOptions,
  ) {}

  query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryRecords<T>(this.manager, sql, params);
  }

  /**
   * Opens or bumps the one unresolved alert per (kiosk, rule). A rule alert auto-resolved within the
   * flap window is re-opened instead of opening another; re-opened often enough, it is flagged
   * flapping and no longer auto-resolves. The unique partial index makes concurrent breaches on any
   * number of instances meet in one row.
   */
  async fireRules(fires: readonly RuleFire[]): Promise<void> {
    if (!fires.length) return;
    const sorted = [...fires].sort((a, b) => a.kioskId - b.kioskId || a.rule.id.localeCompare(b.rule.id));
    const kioskIds = sorted.map((f) => f.kioskId);
    const ruleIds = sorted.map((f) => f.rule.id);
    const fresh = sorted.filter((f) => f.opened !== false);
    const reopened = !fresh.length
      ? []
      : await this.query<AlertRow>(
          `WITH last AS (
         SELECT DISTINCT ON (a.kiosk_id, a.rule_id) a.id
           FROM alerts a JOIN unnest($1::int[], $2::uuid[]) AS p(kiosk_id, rule_id)
             ON a.kiosk_id = p.kiosk_id AND a.rule_id = p.rule_id
          WHERE a.status = 'resolved' AND a.resolved_reason = 'auto'
            AND a.resolved_at > now() - make_interval(secs => $3)
            AND NOT EXISTS (SELECT 1 FROM alerts o WHERE o.kiosk_id = a.kiosk_id AND o.rule_id = a.rule_id
                                                    AND o.status <> 'resolved')
          ORDER BY a.kiosk_id, a.rule_id, a.resolved_at DESC)
       UPDATE alerts a
          SET status = 'open', resolved_at = NULL, resolved_by = NULL, resolved_reason = NULL,
              acknowledged_at = NULL, acknowledged_by = NULL, muted = alert_kiosk_muted(a.kiosk_id),
              reopened_at = array_append(ARRAY(SELECT t FROM unnest(a.reopened_at) t
                                                WHERE t > now() - make_interval(secs => $3)), now()),
              flapping = a.flapping OR 1 + (SELECT count(*) FROM unnest(a.reopened_at) t
                                             WHERE t > now() - make_interval(secs => $3)) >= $4
         FROM last WHERE a.id = last.id AND a.status = 'resolved'
       RETURNING ${ALERT_COLUMNS}`,
          [
            fresh.map((f) => f.kioskId),
            fresh.map((f) => f.rule.id),
            this.options.flapWindowSec,
            this.options.flapThreshold,
          ],
        );
    for (const row of reopened) this.changes.updated.push({ row, change: 'reopened' });
    const rows = await this.query<Inserted>(
      `INSERT INTO alerts AS a (kiosk_id, rule_id, dedup_key, type, severity, title, occurrences, muted, incident_id)
       SELECT p.kiosk_id, p.rule_id, 'rule:' || p.rule_id, p.type, p.severity, p.title, p.n,
              alert_kiosk_muted(p.kiosk_id),
              CASE WHEN p.type = 'liveness' THEN
                (SELECT i.id FROM alerts i WHERE i.type = 'site_incident' AND i.status <> 'resolved'
                                             AND p.kiosk_id = ANY (i.member_kiosk_ids) LIMIT 1) END
         FROM unnest($1::int[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[])
              AS p(kiosk_id, rule_id, type, severity, title, n)
       ON CONFLICT (kiosk_id, rule_id) WHERE status <> 'resolved' AND rule_id IS NOT NULL
       DO UPDATE SET occurrences = a.occurrences + EXCLUDED.occurrences, last_seen_at = now()
       RETURNING ${ALERT_COLUMNS}, (xmax = 0) AS inserted`,
      [
        kioskIds,
        ruleIds,
        sorted.map((f) => f.rule.type),
        sorted.map((f) => f.rule.severity),
        sorted.map((f) => f.rule.name),
        sorted.map((f) => f.count),
      ],
    );
    for (const { inserted, ...row } of rows) if (inserted) this.changes.raised.push(row);
  }

  /** Resolves the unresolved alerts of these (kiosk, rule) pairs, except flapping ones. */
  async resolveRules(pairs: readonly { kioskId: number; ruleId: string }[], reason: string): Promise<void> {
    if (!pairs.length) return;
    await this.update(
      `UPDATE alerts a SET status = 'resolved', resolved_at = now(), resolved_reason = $3
         FROM unnest($1::int[], $2::uuid[]) AS p(kiosk_id, rule_id)
        WHERE a.kiosk_id = p.kiosk_id AND a.rule_id = p.rule_id AND a.status <> 'resolved' AND NOT a.flapping
       RETURNING ${ALERT_COLUMNS}`,
      [pairs.map((p) => p.kioskId), pairs.map((p) => p.ruleId), reason],
      'resolved',
    );
  }

  /** Opens or bumps the one unresolved rule-less alert of (kiosk, key): anomalies, mismatches, incidents. */
  async raiseKeyed(a: KeyedAlert): Promise<AlertRow> {
    const [{ inserted, ...row }] = await this.query<Inserted>(
      `INSERT INTO alerts AS a (kiosk_id, dedup_key, type, severity, title, muted, explanation, details, member_kiosk_ids, occurrences)
       VALUES ($1::int, $2, $3, $4, $5, alert_kiosk_muted($1::int), $6::jsonb, $7::jsonb, $8::int[], $9::int)
       ON CONFLICT ((coalesce(kiosk_id, 0)), dedup_key) WHERE status <> 'resolved' AND rule_id IS NULL
       DO UPDATE SET occurrences = a.occurrences + EXCLUDED.occurrences, last_seen_at = now(), title = EXCLUDED.title,
                     explanation = coalesce(EXCLUDED.explanation, a.explanation),
                     details = coalesce(EXCLUDED.details, a.details),
                     member_kiosk_ids = CASE WHEN EXCLUDED.member_kiosk_ids IS NULL THEN a.member_kiosk_ids
                       ELSE ARRAY(SELECT DISTINCT m FROM unnest(a.member_kiosk_ids || EXCLUDED.member_kiosk_ids) m
                                   ORDER BY m) END
       RETURNING ${ALERT_COLUMNS}, (xmax = 0) AS inserted`,
      [
        a.kioskId,
        a.dedupKey,
        a.type,
        a.severity,
        a.title,
        a.explanation ? JSON.stringify(a.explanation) : null,
        a.details ? JSON.stringify(a.details) : null,
        a.memberKioskIds ?? null,
        a.occurrences ?? 1,
      ],
    );
    if (inserted) this.changes.raised.push(row);
    return row;
  }

  /** Resolves the unresolved rule-less alerts of (kiosk, key) for these kiosks. */
  async resolveKeyed(kioskIds: readonly number[], dedupKey: string, reason: string): Promise<AlertRow[]> {
    if (!kioskIds.length) return [];
    return this.update(
      `UPDATE alerts a SET status = 'resolved', resolved_at = now(), resolved_reason = $3
        WHERE a.kiosk_id = ANY ($1::int[]) AND a.dedup_key = $2 AND a.rule_id IS NULL AND a.status <> 'resolved'
       RETURNING ${ALERT_COLUMNS}`,
      [kioskIds, dedupKey, reason],
      'resolved',
    );
  }

  /** Resolves the unresolved alerts of a rule (deleted, or changed so that it no longer vouches for them). */
  resolveRuleAlerts(ruleId: string, reason: 'rule_deleted' | 'rule_changed'): Promise<AlertRow[]> {
    return this.update(
      `UPDATE alerts a SET status = 'resolved', resolved_at = now(), resolved_reason = $2
        WHERE a.rule_id = $1 AND a.status <> 'resolved' RETURNING ${ALERT_COLUMNS}`,
      [ruleId, reason],
      'resolved',
    );
  }

  /** open → acknowledged by this user (the caller checked it is not resolved). */
  async acknowledge(alertId: string, userId: string): Promise<AlertRow> {
    const [row] = await this.update(
      `UPDATE alerts a SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = now()
        WHERE a.id = $1 RETURNING ${ALERT_COLUMNS}`,
      [alertId, userId],
      'acknowledged',
    );
    return row;
  }

  /** Resolved by a person, with the false-positive label when given (the caller checked it is open). */
  async resolveByUser(alertId: string, userId: string, falsePositive: boolean | null): Promise<AlertRow> {
    const [row] = await this.update(
      `UPDATE alerts a SET status = 'resolved', resolved_by = $2, resolved_at = now(), resolved_reason = 'manual',
              false_positive = $3
        WHERE a.id = $1 RETURNING ${ALERT_COLUMNS}`,
      [alertId, userId, falsePositive],
      'resolved',
    );
    return row;
  }

  /** Runs an UPDATE … RETURNING alert columns and records each returned row as `change`. */
  async update(sql: string, params: unknown[], change: AlertChange): Promise<AlertRow[]> {
    const rows = await this.query<AlertRow>(sql, params);
    for (const row of rows) this.changes.updated.push({ row, change });
    return rows;
  }

  /** Announces a change that is not a column update (a note added). */
  announce(row: AlertRow, change: AlertChange): void {
    this.changes.updated.push({ row, change });
  }

  /** What the outside world hears about this transaction (muted alerts stay silent). */
  outboxEvents(): OutboxEvent[] {
    const occurredAt = new Date();
    return [
      ...this.changes.raised
        .filter((r) => !r.muted)
        .map((r): OutboxEvent => ({
          type: 'alert.raised',
          kioskId: r.kiosk_id,
          occurredAt,
          data: alertView(r),
        })),
      ...this.changes.updated
        .filter(({ row }) => !row.muted)
        .map(({ row, change }): OutboxEvent => ({
          type: 'alert.updated',
          kioskId: row.kiosk_id,
          occurredAt,
          data: { ...alertView(row), change },
        })),
    ];
  }
}
