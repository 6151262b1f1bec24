import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';
import { API_KEY_HEADER } from '@app/core';
import { AuthenticatedUser } from '@app/contracts';
import { ApiKeyAuthenticator } from '../services/api-key-authenticator';

/** `X-API-Key: <key>` (no scheme prefix), through @nestjs/passport like the JWT strategy. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(HeaderAPIKeyStrategy, 'api-key') {
  constructor(private readonly authenticator: ApiKeyAuthenticator) {
    // passReqToCallback false: the mixin takes the last callback argument as `done`.
    super({ header: API_KEY_HEADER, prefix: '' }, false);
  }

  validate(apiKey: string): Promise<AuthenticatedUser> {
    return this.authenticator.authenticate(apiKey);
  }
}
