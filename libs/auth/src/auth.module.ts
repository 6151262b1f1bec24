import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RestRateLimitGuard, RestRateLimitModule } from '@app/core';
import { CreateApiKeyHandler } from './commands/create-api-key/create-api-key.handler';
import { CreateUserHandler } from './commands/create-user/create-user.handler';
import { DeleteUserHandler } from './commands/delete-user/delete-user.handler';
import { LoginHandler } from './commands/login/login.handler';
import { LogoutHandler } from './commands/logout/logout.handler';
import { RevokeApiKeyHandler } from './commands/revoke-api-key/revoke-api-key.handler';
import { RefreshSessionHandler } from './commands/refresh-session/refresh-session.handler';
import { UpdateUserHandler } from './commands/update-user/update-user.handler';
import { AUTH_ENTITIES } from './entities';
import { RecordAuditWhenConfigChangedHandler } from './events/record-audit-when-config-changed.handler';
import { RecordAuditWhenRolloutChangedHandler } from './events/record-audit-when-rollout-changed.handler';
import { AuthenticationGuard } from './guards/authentication.guard';
import { RolesGuard } from './guards/roles.guard';
import { GetApiKeyHandler } from './queries/get-api-key/get-api-key.handler';
import { ListApiKeysHandler } from './queries/list-api-keys/list-api-keys.handler';
import { GetUserHandler } from './queries/get-user/get-user.handler';
import { ListAuditLogHandler } from './queries/list-audit-log/list-audit-log.handler';
import { ListUsersHandler } from './queries/list-users/list-users.handler';
import { ApiKeyMetrics } from './metrics/api-key-metrics';
import { LoginMetrics } from './metrics/login-metrics';
import { ApiKeyRepository } from './repositories/api-key.repository';
import { UserRepository } from './repositories/user.repository';
import { ApiKeyAuthenticator } from './services/api-key-authenticator';
import { AuditLogService } from './services/audit-log.service';
import { BootstrapAdminService } from './services/bootstrap-admin.service';
import { LoginProtectionService } from './services/login-protection.service';
import { PasswordHasher } from './services/password-hasher';
import { SessionService } from './services/session.service';
import { TokenService } from './services/token.service';
import { ApiKeyStrategy } from './strategies/api-key.strategy';
import { JwtStrategy } from './strategies/jwt.strategy';

/** Core (always on): users, sessions, API keys, the global auth and role guards, the audit log. */
@Module({
  imports: [
    CqrsModule,
    PassportModule,
    JwtModule.register({}),
    TypeOrmModule.forFeature(AUTH_ENTITIES),
    RestRateLimitModule,
  ],
  providers: [
    PasswordHasher,
    TokenService,
    SessionService,
    AuditLogService,
    BootstrapAdminService,
    LoginProtectionService,
    LoginMetrics,
    JwtStrategy,
    ApiKeyRepository,
    UserRepository,
    ApiKeyMetrics,
    ApiKeyAuthenticator,
    ApiKeyStrategy,
    CreateApiKeyHandler,
    RevokeApiKeyHandler,
    ListApiKeysHandler,
    GetApiKeyHandler,
    LoginHandler,
    RefreshSessionHandler,
    LogoutHandler,
    CreateUserHandler,
    UpdateUserHandler,
    DeleteUserHandler,
    ListUsersHandler,
    GetUserHandler,
    ListAuditLogHandler,
    RecordAuditWhenConfigChangedHandler,
    RecordAuditWhenRolloutChangedHandler,
    // Order matters: authenticate first, then spend the principal's REST budget (every authenticated
    // call counts, a 403 included), then check the role.
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: RestRateLimitGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [TokenService, SessionService, AuditLogService],
})
export class AuthModule {}
