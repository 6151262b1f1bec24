import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { notFound } from '@app/core';
import { UserEntity } from '../../entities/user.entity';
import { GetUserQuery } from './get-user.query';

@QueryHandler(GetUserQuery)
export class GetUserHandler implements IQueryHandler<GetUserQuery, UserEntity> {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  async execute({ userId }: GetUserQuery): Promise<UserEntity> {
    // An API key's users row is not a user to read, change or delete through /users.
    const user = await this.users.findOneBy({ id: userId, kind: 'person' });
    if (!user) throw notFound('User');
    return user;
  }
}
