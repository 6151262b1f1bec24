import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { Role, UserRoleChangedEvent, UserSessionsEndedEvent } from '@app/contracts';
import { UserEntity } from '../../entities/user.entity';
import { UserRepository } from '../../repositories/user.repository';
import { AuditEntry, AuditLogService } from '../../services/audit-log.service';
import { assertAnotherAdminRemains, lockUser } from '../../services/last-admin.guard';
import { PasswordHasher } from '../../services/password-hasher';
import { SessionService } from '../../services/session.service';
import { UpdateUserCommand } from './update-user.command';

@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand, UserEntity> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly audit: AuditLogService,
    private readonly events: EventBus,
  ) {}

  async execute({ userId, changes, actor }: UpdateUserCommand): Promise<UserEntity> {
    const passwordHash = changes.password ? await this.hasher.hash(changes.password) : undefined;
    const { saved, endSessions, roleChanged } = await this.dataSource.transaction(async (manager) => {
      const user = await lockUser(manager, userId);
      if (!user) throw notFound('User');
      const entries: AuditEntry[] = [];
      let endSessions = false;
      let roleChanged = false;

      if (changes.role && changes.role !== user.role) {
        if (user.role === Role.Admin) await assertAnotherAdminRemains(manager, user.id, 'demote');
        entries.push({ action: 'user.role_changed', details: { from: user.role, to: changes.role } });
        user.role = changes.role;
        roleChanged = true;
      }
      if (changes.disabled !== undefined && changes.disabled !== user.disabled) {
        if (changes.disabled && user.role === Role.Admin)
          await assertAnotherAdminRemains(manager, user.id, 'disable');
        entries.push({ action: changes.disabled ? 'user.disabled' : 'user.enabled' });
        user.disabled = changes.disabled;
        endSessions ||= changes.disabled;
      }
      if (passwordHash) {
        entries.push({ action: 'user.password_changed' });
        user.passwordHash = passwordHash;
        endSessions = true;
      }

      const saved = await this.users.save(manager, user);
      if (endSessions) await this.sessions.revokeAllForUser(user.id, 'user_changed', manager);
      for (const e of entries) {
        await this.audit.record(actor, { ...e, targetType: 'user', targetId: user.id }, manager);
      }
      return { saved, endSessions, roleChanged };
    });
    // After commit: long-lived sockets (the admin feed) follow what the next HTTP request would see.
    if (endSessions) this.events.publish(new UserSessionsEndedEvent(userId));
    else if (roleChanged) this.events.publish(new UserRoleChangedEvent(userId));
    return saved;
  }
}
