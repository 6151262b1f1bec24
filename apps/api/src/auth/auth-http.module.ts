import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthController } from './auth.controller';
import { LoginThrottlerModule } from './login-throttler.module';

@Module({ imports: [CqrsModule, LoginThrottlerModule], controllers: [AuthController] })
export class AuthHttpModule {}
