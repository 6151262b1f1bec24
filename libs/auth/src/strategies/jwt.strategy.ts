import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig, InjectAppConfig } from '@app/core';
import { AuthenticatedUser } from '@app/contracts';
import { SessionService } from '../services/session.service';
import { AccessTokenClaims, asJwtKeyOption, JWT_ALGORITHM, jwtSigningKey } from '../services/token.service';

/**
 * Signature, `alg` allow-list, issuer, audience and expiry are checked by passport-jwt; then the
 * session must still be live and the user enabled, so logout and disabling take effect at once.
 * The role comes from the database, not the token, so a demotion applies to the next request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @InjectAppConfig() config: AppConfig,
    private readonly sessions: SessionService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: asJwtKeyOption(jwtSigningKey(config.jwt.secret)),
      algorithms: [JWT_ALGORITHM],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AuthenticatedUser> {
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') throw new UnauthorizedException();
    const user = await this.sessions.findLiveSessionUser(claims.sid, claims.sub);
    if (!user) throw new UnauthorizedException('Session ended');
    return { id: user.id, username: user.username, role: user.role, sessionId: claims.sid };
  }
}
