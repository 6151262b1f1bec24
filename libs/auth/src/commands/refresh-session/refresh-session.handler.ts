import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@app/core';
import { UserSessionEndedEvent } from '@app/contracts';
import type { TokenPairDto } from '../../dto/auth.dto';
import { AuditLogService } from '../../services/audit-log.service';
import { SessionService } from '../../services/session.service';
import { RefreshSessionCommand } from './refresh-session.command';

@CommandHandler(RefreshSessionCommand)
export class RefreshSessionHandler implements ICommandHandler<RefreshSessionCommand, TokenPairDto> {
  constructor(
    private readonly sessions: SessionService,
    private readonly audit: AuditLogService,
    private readonly events: EventBus,
  ) {}

  async execute({ refreshToken, client }: RefreshSessionCommand): Promise<TokenPairDto> {
    const result = await this.sessions.rotate(refreshToken);
    if (result.kind === 'rotated') return result.tokens;
    if (result.kind === 'reused') {
      // A used token presented again means two parties hold the family: end it for both.
      await this.sessions.revoke(result.sessionId, 'refresh_token_reused');
      this.events.publish(new UserSessionEndedEvent(result.sessionId));
      await this.audit.record(
        { ...client, actorId: result.userId },
        {
          action: 'auth.refresh_token_reused',
          targetType: 'session',
          targetId: result.sessionId,
          details: { revoked: 'session' },
        },
      );
    }
    throw new DomainError('unauthorized', 'Invalid or expired refresh token');
  }
}
