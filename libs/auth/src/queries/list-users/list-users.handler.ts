import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { decodeCursor, Page, toPage } from '@app/core';
import { UserEntity } from '../../entities/user.entity';
import { UserDto } from '../../dto/user.dto';
import { ListUsersQuery } from './list-users.query';

@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery, Page<UserDto>> {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  async execute({ limit, cursor }: ListUsersQuery): Promise<Page<UserDto>> {
    const after = decodeCursor(cursor);
    const qb = this.users
      .createQueryBuilder('u')
      // People only: an API key's own users row is listed under /api-keys.
      .where(`u.kind = 'person'`)
      .orderBy('u.created_at', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(limit + 1);
    if (after)
      qb.andWhere('(u.created_at, u.id) > (:k::timestamptz, :id::uuid)', { k: after.k, id: after.id });
    const rows = await qb.getMany();
    return toPage(rows, limit, UserDto.from, (u) => ({ k: u.createdAt.toISOString(), id: u.id }));
  }
}
