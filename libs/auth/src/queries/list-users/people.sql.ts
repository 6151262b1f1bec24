import type { Repository } from 'typeorm';
import type { KeysetCursor } from '@app/core';
import type { UserEntity } from '../../entities/user.entity';

/** People only (an API key's own users row is listed under /api-keys), oldest first, after the cursor. */
export function readPeople(
  users: Repository<UserEntity>,
  after: KeysetCursor | undefined,
  limit: number,
): Promise<UserEntity[]> {
  const qb = users
    .createQueryBuilder('u')
    .where(`u.kind = 'person'`)
    .orderBy('u.created_at', 'ASC')
    .addOrderBy('u.id', 'ASC')
    .limit(limit);
  if (after) qb.andWhere('(u.created_at, u.id) > (:k::timestamptz, :id::uuid)', { k: after.k, id: after.id });
  return qb.getMany();
}
