import { SelectQueryBuilder } from 'typeorm';
import { AuthenticatedUser, notFound, Role } from '@app/core';
import type { KioskEntity } from '../entities/kiosk.entity';

/**
 * Object-level access: admins see every kiosk, operators and viewers only those assigned to them.
 * A kiosk the caller may not see is reported as not found, so ids cannot be probed.
 */
export function restrictToVisible<T extends KioskEntity>(
  qb: SelectQueryBuilder<T>,
  user: Pick<AuthenticatedUser, 'id' | 'role'>,
  alias = 'k',
): SelectQueryBuilder<T> {
  if (user.role === Role.Admin) return qb;
  return qb.andWhere(`${alias}.assigned_to = :visibleTo`, { visibleTo: user.id });
}

export function canSee(
  kiosk: Pick<KioskEntity, 'assignedTo'>,
  user: Pick<AuthenticatedUser, 'id' | 'role'>,
): boolean {
  return user.role === Role.Admin || kiosk.assignedTo === user.id;
}

export function assertVisible<K extends Pick<KioskEntity, 'assignedTo'>>(
  kiosk: K | null | undefined,
  user: Pick<AuthenticatedUser, 'id' | 'role'>,
): K {
  if (!kiosk || !canSee(kiosk, user)) throw notFound('Kiosk');
  return kiosk;
}
