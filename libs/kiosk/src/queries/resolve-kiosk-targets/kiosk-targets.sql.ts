import type { DataSource } from 'typeorm';
import { KioskViewer, Role } from '@app/contracts';

/**
 * The ids, in order, of the live (not decommissioned) kiosks the viewer may see among the given
 * ids, or carrying the tag. Visibility as in kiosk-access: admins all, an API key by its tags,
 * others by assignment.
 */
export async function readTargetKioskIds(
  db: DataSource,
  user: KioskViewer,
  target: { kioskIds?: number[]; tag?: string },
): Promise<number[]> {
  const params: unknown[] = [
    user.role === Role.Admin,
    user.kioskTags ? null : user.id,
    user.kioskTags ? [...user.kioskTags] : null,
  ];
  let where: string;
  if (target.kioskIds) {
    params.push(target.kioskIds);
    where = 'id = ANY($4::int[])';
  } else {
    params.push(target.tag ?? '');
    where = '$4 = ANY(tags)';
  }
  const rows: Array<{ id: number }> = await db.query(
    `SELECT id FROM kiosks
        WHERE ${where} AND decommissioned_at IS NULL
          AND ($1 OR assigned_to = $2::uuid OR tags && $3::text[])
        ORDER BY id`,
    params,
  );
  return rows.map((r) => r.id);
}
