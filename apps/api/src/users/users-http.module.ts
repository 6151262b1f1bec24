import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { UsersController } from './users.controller';

@Module({ imports: [CqrsModule], controllers: [UsersController] })
export class UsersHttpModule {}
