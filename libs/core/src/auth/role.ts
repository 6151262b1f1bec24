import { SetMetadata, applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { AuthenticatedUser, Role } from '@app/contracts';

export const ROLES_KEY = 'roles';
export const IS_PUBLIC_KEY = 'isPublic';
export const SESSION_ONLY_KEY = 'sessionOnly';
/** The header an integrator's API key travels in (CONTRACT §8); Node lower-cases header names. */
export const API_KEY_HEADER = 'x-api-key';

/**
 * Restricts a route to the given roles. It is also written into the OpenAPI document
 * (`x-roles`) so the docs say who may call it and the role-matrix test can enumerate it.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension('x-roles', roles));

/** Opts a route out of authentication; everything else requires a valid access token. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC_KEY, true), ApiExtension('x-public', true));

/**
 * A route about a person's own session or assignments (`/auth/me`, logout, claiming a kiosk): a
 * Bearer token only; an API key answers 403. The OpenAPI document lists only `bearer` for it.
 */
export const SessionOnly = () =>
  applyDecorators(SetMetadata(SESSION_ONLY_KEY, true), ApiExtension('x-session-only', true));

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedUser => {
  const req = ctx.switchToHttp().getRequest<{ user: AuthenticatedUser }>();
  return req.user;
});
