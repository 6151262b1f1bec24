import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, DomainError, InjectAppConfig } from '@app/core';
import { queryRecords } from '@app/database';
import { UserEntity } from '../../entities/user.entity';
import type { TokenPairDto } from '../../dto/auth.dto';
import { AuditLogService } from '../../services/audit-log.service';
import { PasswordHasher } from '../../services/password-hasher';
import { SessionService } from '../../services/session.service';
import { LoginCommand } from './login.command';

const INVALID = 'Invalid username or password';

@CommandHandler(LoginCommand)
export class LoginHandler implements ICommandHandler<LoginCommand, TokenPairDto> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly audit: AuditLogService,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async execute({ username, password, client }: LoginCommand): Promise<TokenPairDto> {
    const name = username.trim().toLowerCase();
    const users = this.dataSource.getRepository(UserEntity);
    const user = await users.findOneBy({ username: name });

    if (user?.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
      await this.audit.record(client, {
        action: 'auth.login_failed',
        targetType: 'user',
        targetId: user.id,
        details: { username: name, reason: 'locked' },
      });
      throw new DomainError(
        'too_many_requests',
        `Account temporarily locked after repeated failed logins; try again after ${user.lockedUntil.toISOString()}`,
      );
    }

    // Always verify, even for unknown users, so response time does not reveal which usernames exist.
    const passwordOk = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !passwordOk || user.disabled) {
      const reason = !user ? 'unknown_user' : !passwordOk ? 'bad_password' : 'disabled';
      if (user && !passwordOk) await this.countFailure(user, client);
      await this.audit.record(client, {
        action: 'auth.login_failed',
        targetType: user ? 'user' : undefined,
        targetId: user?.id,
        details: { username: name, reason },
      });
      throw new DomainError('unauthorized', INVALID);
    }

    return this.dataSource.transaction(async (manager) => {
      await manager
        .getRepository(UserEntity)
        .update({ id: user.id }, { failedLoginCount: 0, lockedUntil: null });
      const tokens = await this.sessions.start(manager, user, client);
      await this.audit.record(
        { ...client, actorId: user.id, actorUsername: user.username },
        { action: 'auth.login_succeeded', targetType: 'user', targetId: user.id },
        manager,
      );
      return tokens;
    });
  }

  /** One atomic UPDATE, so concurrent failures cannot undercount and dodge the lock. */
  private async countFailure(user: UserEntity, client: LoginCommand['client']): Promise<void> {
    const { maxFailures, lockSec } = this.config.login;
    // Reaching the limit locks the account and restarts the count for after the lock.
    const [row] = await queryRecords<{ locked: boolean; locked_until: Date | null }>(
      this.dataSource,
      `UPDATE users
          SET failed_login_count = CASE WHEN failed_login_count + 1 >= $2 THEN 0 ELSE failed_login_count + 1 END,
              locked_until = CASE WHEN failed_login_count + 1 >= $2
                                  THEN now() + make_interval(secs => $3) ELSE locked_until END
        WHERE id = $1
      RETURNING failed_login_count = 0 AS locked, locked_until`,
      [user.id, maxFailures, lockSec],
    );
    if (row?.locked) {
      await this.audit.record(client, {
        action: 'auth.account_locked',
        targetType: 'user',
        targetId: user.id,
        details: { failures: maxFailures, lockedUntil: row.locked_until },
      });
    }
  }
}
