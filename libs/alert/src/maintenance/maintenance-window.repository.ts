import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';
import type { WindowScopeKind } from '../dto/maintenance-window.dto';
import type { MaintenanceWindowRow } from './maintenance-window-row';

/**
 * The statements of the maintenance-window aggregate (`maintenance_windows`): the window handlers
 * decide (validation, who may), these read and write.
 */
@Injectable()
export class MaintenanceWindowRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(w: {
    kind: WindowScopeKind;
    value: string;
    startsAt: Date;
    endsAt: Date;
    reason: string;
    createdBy: string;
  }): Promise<MaintenanceWindowRow> {
    const [row] = await queryRecords<MaintenanceWindowRow>(
      this.dataSource,
      `INSERT INTO maintenance_windows (scope_kind, scope_value, starts_at, ends_at, reason, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [w.kind, w.value, w.startsAt, w.endsAt, w.reason, w.createdBy],
    );
    return row;
  }

  async find(id: string): Promise<MaintenanceWindowRow | undefined> {
    const [row] = await queryRecords<MaintenanceWindowRow>(
      this.dataSource,
      `SELECT * FROM maintenance_windows WHERE id = $1`,
      [id],
    );
    return row;
  }

  async delete(id: string): Promise<void> {
    await queryRecords(this.dataSource, `DELETE FROM maintenance_windows WHERE id = $1`, [id]);
  }

  /**
   * Newest first, a keyset page before `(createdAt, id)` when given. `visible` (null: every kiosk)
   * keeps windows of those kiosks and of tags one of them carries (tags from `kiosk_facts_v`, the
   * kiosk module's read model).
   */
  list(q: {
    visible: number[] | null;
    activeOnly: boolean;
    before: { createdAt: unknown; id: unknown } | null;
    limit: number;
  }): Promise<MaintenanceWindowRow[]> {
    return queryRecords<MaintenanceWindowRow>(
      this.dataSource,
      `SELECT w.* FROM maintenance_windows w
      WHERE ($1::int[] IS NULL
             OR (w.scope_kind = 'kiosk' AND w.scope_value::int = ANY ($1::int[]))
             OR (w.scope_kind = 'tag' AND EXISTS (SELECT 1 FROM kiosk_facts_v k
                                                   WHERE k.id = ANY ($1::int[]) AND w.scope_value = ANY (k.tags))))
        AND (NOT $2 OR (w.starts_at <= now() AND w.ends_at > now()))
        AND ($3::timestamptz IS NULL OR (w.created_at, w.id) < ($3::timestamptz, $4::uuid))
      ORDER BY w.created_at DESC, w.id DESC LIMIT $5`,
      [q.visible, q.activeOnly, q.before?.createdAt ?? null, q.before?.id ?? null, q.limit],
    );
  }

  /** The kiosks of the list inside a maintenance window now (`alert_kiosk_muted`, the one place that decides it). */
  async kiosksInWindowNow(kioskIds: readonly number[]): Promise<number[]> {
    const rows = await queryRecords<{ id: number }>(
      this.dataSource,
      `SELECT k AS id FROM unnest($1::int[]) AS k WHERE alert_kiosk_muted(k)`,
      [kioskIds],
    );
    return rows.map((r) => r.id);
  }
}
