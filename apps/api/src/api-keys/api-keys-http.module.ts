import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApiKeysController } from './api-keys.controller';

/** Core, like users: /api-keys (admin). Authentication by key lives in @app/auth. */
@Module({ imports: [CqrsModule], controllers: [ApiKeysController] })
export class ApiKeysHttpModule {}
