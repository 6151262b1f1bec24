import { EntityManager } from 'typeorm';
import { unprocessable } from '@app/core';
import { Role } from '@app/contracts';
import { UserEntity } from '../entities/user.entity';

/**
 * Refuses a change that would leave no enabled admin. Locks the admin rows first, so two
 * concurrent demotions cannot each see "another admin remains" and both succeed.
 */
export async function assertAnotherAdminRemains(
  manager: EntityManager,
  userId: string,
  what: string,
): Promise<void> {
  const admins: Array<{ id: string }> = await manager.query(
    `SELECT id FROM users WHERE role = $1 AND disabled = false ORDER BY id FOR UPDATE`,
    [Role.Admin],
  );
  if (admins.some((a) => a.id === userId) && admins.length <= 1) {
    throw unprocessable(`Cannot ${what} the last admin`);
  }
}

/**
 * Locks a user for a change. The enabled admins' rows are locked first, in id order, by every path
 * that may change who is an admin: one lock order everywhere, so two admins demoting themselves at
 * once wait for each other instead of deadlocking.
 */
export async function lockUser(manager: EntityManager, id: string): Promise<UserEntity | null> {
  await manager.query(`SELECT id FROM users WHERE role = $1 AND disabled = false ORDER BY id FOR UPDATE`, [
    Role.Admin,
  ]);
  // People only: an API key's users row is changed and revoked through /api-keys alone.
  return manager
    .getRepository(UserEntity)
    .findOne({ where: { id, kind: 'person' }, lock: { mode: 'pessimistic_write' } });
}
