import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { Role, UserDeletedEvent, UserSessionsEndedEvent } from '@app/contracts';
import { UserRepository } from '../../repositories/user.repository';
import { AuditLogService } from '../../services/audit-log.service';
import { assertAnotherAdminRemains, lockUser } from '../../services/last-admin.guard';
import { DeleteUserCommand } from './delete-user.command';

@CommandHandler(DeleteUserCommand)
export class DeleteUserHandler implements ICommandHandler<DeleteUserCommand, void> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly audit: AuditLogService,
    private readonly events: EventBus,
  ) {}

  async execute({ userId, actor }: DeleteUserCommand): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await lockUser(manager, userId);
      if (!user) throw notFound('User');
      if (user.role === Role.Admin) await assertAnotherAdminRemains(manager, user.id, 'delete');
      // Sessions and refresh tokens go with the row (ON DELETE CASCADE).
      await this.users.delete(manager, user.id);
      await this.audit.record(
        actor,
        {
          action: 'user.deleted',
          targetType: 'user',
          targetId: user.id,
          details: { username: user.username },
        },
        manager,
      );
    });
    // Other modules (kiosk assignments) release what the user held.
    this.events.publish(new UserDeletedEvent(userId));
    this.events.publish(new UserSessionsEndedEvent(userId));
  }
}
