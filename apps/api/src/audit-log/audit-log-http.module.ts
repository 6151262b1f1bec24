import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditLogController } from './audit-log.controller';

@Module({ imports: [CqrsModule], controllers: [AuditLogController] })
export class AuditLogHttpModule {}
