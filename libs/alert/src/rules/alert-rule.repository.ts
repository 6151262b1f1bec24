import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryRecords } from '@app/database';
import type { AlertRuleRow } from './alert-rule';
import type { ValidRule } from './rule-input';

const ruleParams = (r: ValidRule) => [
  r.name,
  r.severity,
  r.enabled,
  r.scopeKind,
  r.scopeValue,
  JSON.stringify(r.condition),
  r.forSeconds,
];

/**
 * The statements of the alert-rule aggregate (`alert_rules`): the rule handlers decide, these read
 * and write. `manager` is the transaction a handler runs the statement in.
 */
@Injectable()
export class AlertRuleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(rule: ValidRule, manager?: EntityManager): Promise<AlertRuleRow> {
    const [row] = await queryRecords<AlertRuleRow>(
      manager ?? this.dataSource,
      `INSERT INTO alert_rules (name, severity, enabled, scope_kind, scope_value, condition, for_seconds)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING *`,
      ruleParams(rule),
    );
    return row;
  }

  /** The rule, locked for the rest of the transaction when `forUpdate`. */
  async find(id: string, forUpdate = false, manager?: EntityManager): Promise<AlertRuleRow | undefined> {
    const [row] = await queryRecords<AlertRuleRow>(
      manager ?? this.dataSource,
      `SELECT * FROM alert_rules WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async save(id: string, rule: ValidRule, manager?: EntityManager): Promise<AlertRuleRow> {
    const [row] = await queryRecords<AlertRuleRow>(
      manager ?? this.dataSource,
      `UPDATE alert_rules SET name = $2, severity = $3, enabled = $4, scope_kind = $5, scope_value = $6,
            condition = $7::jsonb, for_seconds = $8, updated_at = now()
      WHERE id = $1 RETURNING *`,
      [id, ...ruleParams(rule)],
    );
    return row;
  }

  /** False when there was no such rule. */
  async delete(id: string, manager?: EntityManager): Promise<boolean> {
    const deleted = await queryRecords<{ id: string }>(
      manager ?? this.dataSource,
      `DELETE FROM alert_rules WHERE id = $1 RETURNING id`,
      [id],
    );
    return deleted.length > 0;
  }

  /** A keyset page in creation order, after `(createdAt, id)` when given; `limit` rows at most. */
  list(after: { createdAt: unknown; id: unknown } | null, limit: number): Promise<AlertRuleRow[]> {
    return queryRecords<AlertRuleRow>(
      this.dataSource,
      `SELECT * FROM alert_rules
      WHERE $1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid)
      ORDER BY created_at, id LIMIT $3`,
      [after?.createdAt ?? null, after?.id ?? null, limit],
    );
  }
}
