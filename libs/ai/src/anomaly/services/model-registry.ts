import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KeysetCursor } from '@app/core';
import { queryRecords } from '@app/database';
import type { ModelCard } from '@app/ml';

export type ModelStatus = 'candidate' | 'active' | 'retired';

export interface StoredModel {
  version: string;
  algorithm: string;
  status: ModelStatus;
  featureSpecHash: string;
  threshold: number;
  metrics: ModelCard['metrics'];
  card: ModelCard;
  createdBy: string;
  reason: string | null;
  createdAt: Date;
}

interface ModelRow {
  version: string;
  algorithm: string;
  status: ModelStatus;
  feature_spec_hash: string;
  threshold: number;
  metrics: ModelCard['metrics'];
  card: ModelCard;
  created_by: string;
  reason: string | null;
  created_at: Date;
}

const COLUMNS = `version, algorithm, status, feature_spec_hash, threshold, metrics, card, created_by, reason, created_at`;

function toModel(r: ModelRow): StoredModel {
  return {
    version: r.version,
    algorithm: r.algorithm,
    status: r.status,
    featureSpecHash: r.feature_spec_hash,
    threshold: r.threshold,
    metrics: r.metrics,
    card: r.card,
    createdBy: r.created_by,
    reason: r.reason,
    createdAt: r.created_at,
  };
}

/** The `ai_models` table: every model with its card and ONNX bytes. */
@Injectable()
export class ModelRegistry {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async active(): Promise<{ model: StoredModel; onnx: Buffer } | null> {
    const rows: (ModelRow & { onnx: Buffer })[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, onnx FROM ai_models WHERE status = 'active'`,
    );
    return rows[0] ? { model: toModel(rows[0]), onnx: rows[0].onnx } : null;
  }

  /**
   * Registers a model and makes it active if no model is: what a fresh installation does with the
   * committed baseline. Safe when several instances start at once (the one-active index decides).
   */
  async registerIfNoneActive(card: ModelCard, onnx: Buffer, createdBy: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ai_models (version, algorithm, status, feature_spec_hash, threshold, metrics, card, onnx,
                              created_by, activated_at)
       SELECT $1, $2, 'active', $3, $4, $5, $6, $7, $8, now()
        WHERE NOT EXISTS (SELECT 1 FROM ai_models WHERE status = 'active')
       ON CONFLICT DO NOTHING`,
      [
        card.version,
        card.algorithm,
        card.featureSpec.hash,
        card.threshold,
        JSON.stringify(card.metrics),
        JSON.stringify(card),
        onnx,
        createdBy,
      ],
    );
  }

  /** Stores a retrained model as a candidate, with why it was not promoted when it was not. */
  async insertCandidate(
    card: ModelCard,
    onnx: Buffer,
    createdBy: string,
    reason: string | null,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ai_models (version, algorithm, status, feature_spec_hash, threshold, metrics, card, onnx,
                              created_by, reason)
       VALUES ($1, $2, 'candidate', $3, $4, $5, $6, $7, $8, $9)`,
      [
        card.version,
        card.algorithm,
        card.featureSpec.hash,
        card.threshold,
        JSON.stringify(card.metrics),
        JSON.stringify(card),
        onnx,
        createdBy,
        reason,
      ],
    );
  }

  async get(version: string): Promise<StoredModel | null> {
    const rows: ModelRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ai_models WHERE version = $1`,
      [version],
    );
    return rows[0] ? toModel(rows[0]) : null;
  }

  /**
   * Makes `version` the active model and retires the one it replaces, in one transaction (the
   * one-active index keeps two activations from both winning).
   */
  async activate(version: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT version FROM ai_models WHERE version = $1 FOR UPDATE`, [version]);
      await m.query(`UPDATE ai_models SET status = 'retired' WHERE status = 'active' AND version <> $1`, [
        version,
      ]);
      await m.query(
        `UPDATE ai_models SET status = 'active', activated_at = now(), reason = NULL
          WHERE version = $1 AND status <> 'active'`,
        [version],
      );
    });
  }

  /** The model that was active most recently before the current one, if any. */
  async previousActive(): Promise<StoredModel | null> {
    const rows: ModelRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ai_models
        WHERE status = 'retired' AND activated_at IS NOT NULL
        ORDER BY activated_at DESC, version DESC LIMIT 1`,
    );
    return rows[0] ? toModel(rows[0]) : null;
  }

  /** Deletes a model that is not active; false when there was none such. */
  async removeInactive(version: string): Promise<boolean> {
    const rows = await queryRecords<{ version: string }>(
      this.dataSource,
      `DELETE FROM ai_models WHERE version = $1 AND status <> 'active' RETURNING version`,
      [version],
    );
    return rows.length > 0;
  }

  /** Newest first; keyset on (created_at, version). */
  async list(limit: number, after: KeysetCursor | undefined): Promise<StoredModel[]> {
    const rows: ModelRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ai_models
        WHERE $1::timestamptz IS NULL OR (created_at, version) < ($1::timestamptz, $2::text)
        ORDER BY created_at DESC, version DESC
        LIMIT $3`,
      [after ? String(after.k) : null, after ? String(after.id) : null, limit + 1],
    );
    return rows.map(toModel);
  }
}
