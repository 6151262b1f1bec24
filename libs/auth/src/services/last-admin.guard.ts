import { EntityManager } from 'typeorm';
import { Role, unprocessable } from '@app/core';
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

export async function lockUser(manager: EntityManager, id: string): Promise<UserEntity | null> {
  return manager.getRepository(UserEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
}
