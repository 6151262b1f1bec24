import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { decodeCursor, Page, toPage } from '@app/core';
import { UserEntity } from '../../entities/user.entity';
import { UserDto } from '../../dto/user.dto';
import { ListUsersQuery } from './list-users.query';
import { readPeople } from './people.sql';

@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery, Page<UserDto>> {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  async execute({ limit, cursor }: ListUsersQuery): Promise<Page<UserDto>> {
    const after = decodeCursor(cursor);
    const rows = await readPeople(this.users, after, limit + 1);
    return toPage(rows, limit, UserDto.from, (u) => ({ k: u.createdAt.toISOString(), id: u.id }));
  }
}
