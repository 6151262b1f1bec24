import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Role } from '@app/contracts';
import { UserEntity } from '../entities/user.entity';

/** The statements of the user aggregate (`users` of kind `person`) that the user handlers run. */
@Injectable()
export class UserRepository {
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
}
