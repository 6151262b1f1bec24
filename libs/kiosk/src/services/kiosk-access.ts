import { SelectQueryBuilder } from 'typeorm';
import { notFound } from '@app/core';
import { KioskViewer, Role } from '@app/contracts';
import type { KioskEntity } from '../entities/kiosk.entity';

/**
 * Object-level access: admins see every kiosk; an API key (its `kioskTags` set, CONTRACT §8) the
 * kiosks carrying at least one of its tags, never by assignment; other operators and viewers only
 * the kiosks assigned to them. A kiosk the caller may not see is reported as not found, so ids
 * cannot be probed.
 */
export function restrictToVisible<T extends KioskEntity>(
  qb: SelectQueryBuilder<T>,
  user: KioskViewer,
  alias = 'k',
): SelectQueryBuilder<T> {
  if (user.role === Role.Admin) return qb;
  // `&&` (overlap) uses the kiosks_tags GIN index.
  if (user.kioskTags)
    return qb.andWhere(`${alias}.tags && :visibleTags::text[]`, { visibleTags: [...user.kioskTags] });
  return qb.andWhere(`${alias}.assigned_to = :visibleTo`, { visibleTo: user.id });
}

export function canSee(kiosk: Pick<KioskEntity, 'assignedTo' | 'tags'>, user: KioskViewer): boolean {
  if (user.role === Role.Admin) return true;
  const tags = user.kioskTags;
  if (tags) return kiosk.tags.some((t) => tags.includes(t));
  return kiosk.assignedTo === user.id;
}

export function assertVisible<K extends Pick<KioskEntity, 'assignedTo' | 'tags'>>(
  kiosk: K | null | undefined,
  user: KioskViewer,
): K {
  if (!kiosk || !canSee(kiosk, user)) throw notFound('Kiosk');
  return kiosk;
}
