import { AuditLogEntity } from './audit-log.entity';
import { AuthSessionEntity } from './auth-session.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { UserEntity } from './user.entity';

export const AUTH_ENTITIES = [UserEntity, AuthSessionEntity, RefreshTokenEntity, AuditLogEntity];
export { AuditLogEntity, AuthSessionEntity, RefreshTokenEntity, UserEntity };
