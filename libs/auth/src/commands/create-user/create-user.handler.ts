import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { conflict } from '@app/core';
import { UserEntity } from '../../entities/user.entity';
import { UserRepository } from '../../repositories/user.repository';
import { AuditLogService } from '../../services/audit-log.service';
import { PasswordHasher } from '../../services/password-hasher';
import { CreateUserCommand } from './create-user.command';

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand, UserEntity> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLogService,
  ) {}

  async execute({ username, password, role, actor }: CreateUserCommand): Promise<UserEntity> {
    const name = username.trim().toLowerCase();
    const passwordHash = await this.hasher.hash(password);
    return this.dataSource.transaction(async (manager) => {
      // A taken username is a 409, never a failed transaction or a 500.
      const created = await this.users.insertIfFree(manager, { username: name, passwordHash, role });
      if (!created) {
        throw conflict(`Username "${name}" is taken`, [{ field: 'username', message: 'already exists' }]);
      }
      await this.audit.record(
        actor,
        {
          action: 'user.created',
          targetType: 'user',
          targetId: created.id,
          details: { username: name, role },
        },
        manager,
      );
      return created;
    });
  }
}
