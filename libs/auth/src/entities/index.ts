import { ApiKeyEntity } from './api-key.entity';
import { AuditLogEntity } from './audit-log.entity';
import { AuthSessionEntity } from './auth-session.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { UserEntity } from './user.entity';

export const AUTH_ENTITIES = [
  UserEntity,
  AuthSessionEntity,
  RefreshTokenEntity,
  AuditLogEntity,
  ApiKeyEntity,
];
export { ApiKeyEntity, AuditLogEntity, AuthSessionEntity, RefreshTokenEntity, UserEntity };
