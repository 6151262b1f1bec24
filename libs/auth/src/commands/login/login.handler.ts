import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, tooManyRequests } from '@app/core';
import type { TokenPairDto } from '../../dto/auth.dto';
import { LoginMetrics } from '../../metrics/login-metrics';
import { AuditLogService } from '../../services/audit-log.service';
import { LoginProtectionService } from '../../services/login-protection.service';
import { PasswordHasher } from '../../services/password-hasher';
import { UserRepository } from '../../repositories/user.repository';
import { SessionService } from '../../services/session.service';
import { LoginCommand } from './login.command';

const INVALID = 'Invalid username or password';
/** One message for a delayed address and a throttled username, known or unknown alike. */
const DELAYED = 'Too many failed login attempts; try again after the time in Retry-After';
/** req.ip is missing only when the socket is already gone; such attempts still share one bucket. */
const UNKNOWN_ADDRESS = 'unknown';

/**
 * Every refusal is one of two answers whether or not the username exists: 429 (delayed, decided
 * before any lookup) or 401 (after a full argon2 verification, against a dummy hash if need be).
 */
@CommandHandler(LoginCommand)
export class LoginHandler implements ICommandHandler<LoginCommand, TokenPairDto> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly audit: AuditLogService,
    private readonly protection: LoginProtectionService,
    private readonly metrics: LoginMetrics,
  ) {}

  async execute({ username, password, client }: LoginCommand): Promise<TokenPairDto> {
    const name = username.trim().toLowerCase();
    const address = client.ip ?? UNKNOWN_ADDRESS;
    const claim = await this.protection.claimAttempt(name, address);
    if (!claim.allowed) {
      // Not audited: a refused attempt costs the sender one Redis round trip and us no database write.
      this.metrics.delayed.inc({ scope: claim.scope });
      throw tooManyRequests(DELAYED, claim.retryAfterMs / 1000);
    }

    const user = await this.users.findByUsername(name);
    // Always verify, even for unknown users, so response time does not reveal which usernames exist.
    const passwordOk = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !passwordOk || user.disabled) {
      this.metrics.failures.inc();
      const reason = !user ? 'unknown_user' : !passwordOk ? 'bad_password' : 'disabled';
      const target = { targetType: user ? 'user' : undefined, targetId: user?.id };
      await this.audit.record(client, {
        action: 'auth.login_failed',
        ...target,
        details: { username: name, reason, addressFailures: claim.addressFailures },
      });
      if (this.protection.startedDelays(claim)) {
        await this.audit.record(client, {
          action: 'auth.login_delayed',
          ...target,
          details: { username: name, addressFailures: claim.addressFailures },
        });
      }
      if (this.protection.reachedCeiling(claim)) {
        await this.audit.record(client, {
          action: 'auth.login_throttled',
          ...target,
          details: { username: name, usernameFailures: claim.usernameFailures },
        });
      }
      throw new DomainError('unauthorized', INVALID);
    }

    await this.protection.recordSuccess(name, address);
    return this.dataSource.transaction(async (manager) => {
      const tokens = await this.sessions.start(manager, user, client);
      await this.audit.record(
        { ...client, actorId: user.id, actorUsername: user.username },
        { action: 'auth.login_succeeded', targetType: 'user', targetId: user.id },
        manager,
      );
      return tokens;
    });
  }
}
