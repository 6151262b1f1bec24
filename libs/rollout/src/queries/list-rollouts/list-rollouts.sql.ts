import type { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';
import type { RolloutRow } from '../../services/rollout-reader';

/** Newest first; keyset `after` is the (created_at, id) of the previous page's last row. */
export function listRolloutRows(
  db: DataSource,
  after: { createdAt: string; id: string } | null,
  limit: number,
): Promise<RolloutRow[]> {
  return queryRecords<RolloutRow>(
    db,
    `SELECT * FROM rollouts
      WHERE $1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $3`,
    [after?.createdAt ?? null, after?.id ?? null, limit],
  );
}
