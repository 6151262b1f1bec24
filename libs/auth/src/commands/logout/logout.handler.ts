import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UserSessionEndedEvent } from '@app/contracts';
import { AuditLogService } from '../../services/audit-log.service';
import { SessionService } from '../../services/session.service';
import { LogoutCommand } from './logout.command';

/**
 * Ends the caller's session: its refresh family and, from now on, every access token carrying its
 * `sid`. The refresh token is checked to belong to that session, so one user cannot end another's.
 */
@CommandHandler(LogoutCommand)
export class LogoutHandler implements ICommandHandler<LogoutCommand, void> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionService,
    private readonly audit: AuditLogService,
    private readonly events: EventBus,
  ) {}

  async execute({ user, refreshToken, client }: LogoutCommand): Promise<void> {
    const token = await this.sessions.findRefreshToken(refreshToken);
    const refreshTokenMatched = token?.sessionId === user.sessionId;
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.revoke(user.sessionId, 'logout', manager);
      await this.audit.record(
        { ...client, actorId: user.id, actorUsername: user.username },
        {
          action: 'auth.logout',
          targetType: 'session',
          targetId: user.sessionId,
          details: { refreshTokenMatched },
        },
        manager,
      );
    });
    // Open admin-feed sockets of this session are closed too (they were authorised at handshake only).
    this.events.publish(new UserSessionEndedEvent(user.sessionId));
  }
}
