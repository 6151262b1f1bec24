import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AppConfig, InjectAppConfig } from '@app/core';
import { pgPool, queryRecords } from '@app/database';
import { AuthSessionEntity } from '../entities/auth-session.entity';
import { RefreshTokenEntity } from '../entities/refresh-token.entity';
import { UserEntity } from '../entities/user.entity';

export type LiveSessionUser = Pick<UserEntity, 'id' | 'username' | 'role'>;
import { UserDto } from '../dto/user.dto';
import type { TokenPairDto } from '../dto/auth.dto';
import { hashRefreshToken, TokenService } from './token.service';

export type RotateResult =
  | { kind: 'rotated'; tokens: TokenPairDto }
  | { kind: 'reused'; sessionId: string; userId: string }
  | { kind: 'invalid' };

/** Sessions (refresh-token families) and the tokens they issue. */
@Injectable()
export class SessionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async start(
    manager: EntityManager,
    user: UserEntity,
    client: { ip?: string | null; userAgent?: string | null },
  ): Promise<TokenPairDto> {
    const session = await manager.getRepository(AuthSessionEntity).save({
      userId: user.id,
      expiresAt: new Date(Date.now() + this.config.jwt.refreshTtlSec * 1000),
      ip: client.ip ?? null,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
      revokedAt: null,
      revokedReason: null,
    });
    return this.issue(manager, user, session.id);
  }

  /**
   * Exchanges a refresh token for a new pair. The token is claimed with a conditional UPDATE, so of
   * two concurrent uses exactly one wins; the loser is treated as reuse (a stolen copy) and the
   * whole family is revoked.
   */
  rotate(refreshToken: string): Promise<RotateResult> {
    const hash = hashRefreshToken(refreshToken);
    return this.dataSource.transaction(async (manager) => {
      const [row] = await queryRecords<{ session_id: string }>(
        manager,
        `UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL RETURNING session_id`,
        [hash],
      );
      if (!row) {
        const known = await manager.getRepository(RefreshTokenEntity).findOne({ where: { tokenHash: hash } });
        if (!known) return { kind: 'invalid' } as const;
        const session = await manager.getRepository(AuthSessionEntity).findOneBy({ id: known.sessionId });
        if (!session) return { kind: 'invalid' } as const;
        return { kind: 'reused', sessionId: session.id, userId: session.userId } as const;
      }
      const session = await manager
        .getRepository(AuthSessionEntity)
        .findOne({ where: { id: row.session_id }, lock: { mode: 'pessimistic_write' } });
      if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now())
        return { kind: 'invalid' } as const;
      const user = await manager.getRepository(UserEntity).findOneBy({ id: session.userId });
      if (!user || user.disabled) return { kind: 'invalid' } as const;
      return { kind: 'rotated', tokens: await this.issue(manager, user, session.id) } as const;
    });
  }

  async revoke(
    sessionId: string,
    reason: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager
      .getRepository(AuthSessionEntity)
      .update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }

  async revokeAllForUser(userId: string, reason: string, manager: EntityManager): Promise<void> {
    await manager
      .getRepository(AuthSessionEntity)
      .update({ userId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }

  /** The session behind an access token, if it is still live; used on every authenticated request. */
  /**
   * The user of a live session, or null. Runs on every authenticated request and socket handshake:
   * one plain statement on the pool, only the columns callers use.
   */
  async findLiveSessionUser(sessionId: string, userId: string): Promise<LiveSessionUser | null> {
    const { rows } = await pgPool(this.dataSource).query<LiveSessionUser>(
      `SELECT u.id, u.username, u.role FROM users u JOIN auth_sessions s ON s.user_id = u.id
        WHERE s.id = $1 AND u.id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled`,
      [sessionId, userId],
    );
    return rows[0] ?? null;
  }

  /** The refresh token a client presents, by its hash; null when unknown. */
  findRefreshToken(token: string): Promise<RefreshTokenEntity | null> {
    return this.dataSource
      .getRepository(RefreshTokenEntity)
      .findOneBy({ tokenHash: hashRefreshToken(token) });
  }

  private async issue(manager: EntityManager, user: UserEntity, sessionId: string): Promise<TokenPairDto> {
    const refresh = this.tokens.newRefreshToken();
    await manager
      .getRepository(RefreshTokenEntity)
      .insert({ sessionId, tokenHash: refresh.hash, usedAt: null });
    const accessToken = await this.tokens.signAccessToken({
      sub: user.id,
      sid: sessionId,
      role: user.role,
      username: user.username,
    });
    return {
      accessToken,
      refreshToken: refresh.token,
      expiresIn: this.tokens.accessTtlSec,
      user: UserDto.from(user),
    };
  }
}
