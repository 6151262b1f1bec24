import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '@app/contracts';
import { UserEntity } from '../entities/user.entity';

/** The statements of the user aggregate (`users` of kind `person`) that the user handlers run. */
@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ username });
  }

  /**
   * The new user, in the caller's transaction; null when the username is taken. ON CONFLICT DO
   * NOTHING: a taken username never fails the transaction.
   */
  async insertIfFree(
    manager: EntityManager,
    u: { username: string; passwordHash: string; role: Role },
  ): Promise<UserEntity | null> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values({ username: u.username, passwordHash: u.passwordHash, role: u.role })
      .orIgnore()
      .returning(['id'])
      .execute();
    const id = (result.raw as Array<{ id: string }>)[0]?.id;
    return id ? await manager.getRepository(UserEntity).findOneBy({ id }) : null;
  }

  /** The user as changed, locked beforehand (lockUser) in the same transaction. */
  save(manager: EntityManager, user: UserEntity): Promise<UserEntity> {
    return manager.getRepository(UserEntity).save(user);
  }

  /** Its sessions and refresh tokens go with the row (ON DELETE CASCADE). */
  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(UserEntity).delete({ id });
  }
}
