import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { decodeCursor } from '@app/core';
import { Role } from '@app/contracts';
import { pgPool } from '@app/database';
import { ApiKeyEntity, ApiKeyRole } from '../entities/api-key.entity';
import { UserEntity } from '../entities/user.entity';

/** `lastUsedAt` is written at most this often per key (CONTRACT §8): no database write per request. */
export const LAST_USED_RESOLUTION_SEC = 60;

export interface NewApiKeyRow {
  name: string;
  prefix: string;
  hash: Buffer;
  role: ApiKeyRole;
  tags: string[];
  expiresAt: Date | null;
  createdBy: string | null;
}

/** What the authenticator needs of the key a presented hash names. */
export interface ApiKeyLookup {
  id: string;
  username: string;
  prefix: string;
  role: ApiKeyRole;
  tags: string[];
  expired: boolean;
  revoked: boolean;
}

/** The only place `api_keys` (and the `users` rows of kind `api_key`) are written. */
@Injectable()
export class ApiKeyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The key's `users` row first (disabled, no usable password, kind `api_key`: it can never log
   * in), then the key under the same id, so the key's actions can reference it.
   */
  async insert(manager: EntityManager, row: NewApiKeyRow): Promise<ApiKeyEntity> {
    const user = await manager.getRepository(UserEntity).save(
      manager.getRepository(UserEntity).create({
        // ':' is refused in people's usernames, so this name can never be taken by a person.
        username: `api-key:${row.prefix}`,
        // Not an argon2 hash: verification always fails.
        passwordHash: '!',
        role: row.role as Role,
        disabled: true,
        kind: 'api_key',
      }),
    );
    const keys = manager.getRepository(ApiKeyEntity);
    await keys.insert({
      id: user.id,
      name: row.name,
      prefix: row.prefix,
      keyHash: row.hash,
      role: row.role,
      tags: row.tags,
      expiresAt: row.expiresAt,
      createdBy: row.createdBy,
      lastUsedAt: null,
      revokedAt: null,
    });
    return keys.findOneByOrFail({ id: user.id });
  }

  /** A key that has not been revoked (expired keys are still shown: an admin may want to see them). */
  findLive(id: string): Promise<ApiKeyEntity | null> {
    return this.dataSource.getRepository(ApiKeyEntity).findOneBy({ id, revokedAt: IsNull() });
  }

  /** Live keys, oldest first, keyset-paged on (created_at, id). */
  async listLive(limit: number, cursor: string | undefined): Promise<ApiKeyEntity[]> {
    const after = decodeCursor(cursor);
    const qb = this.dataSource
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('a')
      .where('a.revoked_at IS NULL')
      .orderBy('a.created_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(limit + 1);
    if (after)
      qb.andWhere('(a.created_at, a.id) > (:k::timestamptz, :id::uuid)', { k: after.k, id: after.id });
    return qb.getMany();
  }

  /** Marks a live key revoked; null when there is none. The row stays: the key's past actions name it. */
  async revoke(manager: EntityManager, id: string): Promise<ApiKeyEntity | null> {
    const keys = manager.getRepository(ApiKeyEntity);
    const { affected } = await keys.update({ id, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    return affected ? keys.findOneBy({ id }) : null;
  }

  /**
   * Finds the key a presented hash names and, in the same statement, stamps `last_used_at` when
   * the key is live and its stamp is older than LAST_USED_RESOLUTION_SEC. One round trip per
   * request, and a row write at most once a minute per key; the UPDATE's own condition keeps two
   * instances racing on the same minute to one write. Nothing is cached: a revocation committed
   * anywhere is seen by the next request everywhere.
   */
  async lookupAndTouch(hash: Buffer): Promise<ApiKeyLookup | null> {
    const { rows } = await pgPool(this.dataSource).query<ApiKeyLookup>(
      `WITH k AS (
         SELECT a.id, a.prefix, a.role, a.tags,
                (a.expires_at IS NOT NULL AND a.expires_at <= now()) AS expired,
                (a.revoked_at IS NOT NULL) AS revoked
           FROM api_keys a WHERE a.key_hash = $1
       ), touched AS (
         UPDATE api_keys a SET last_used_at = now()
           FROM k
          WHERE a.id = k.id AND NOT k.expired AND NOT k.revoked
            AND (a.last_used_at IS NULL OR a.last_used_at <= now() - make_interval(secs => $2))
         RETURNING a.id
       )
       SELECT k.id, u.username, k.prefix, k.role, k.tags, k.expired, k.revoked
         FROM k JOIN users u ON u.id = k.id`,
      [hash, LAST_USED_RESOLUTION_SEC],
    );
    return rows[0] ?? null;
  }
}
