import { SetMetadata, applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export enum Role {
  Admin = 'admin',
  Operator = 'operator',
  Viewer = 'viewer',
}

export const ALL_ROLES: readonly Role[] = [Role.Admin, Role.Operator, Role.Viewer];

export const ROLES_KEY = 'roles';
export const IS_PUBLIC_KEY = 'isPublic';

/**
 * Restricts a route to the given roles. It is also written into the OpenAPI document
 * (`x-roles`) so the docs say who may call it and the role-matrix test can enumerate it.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension('x-roles', roles));

/** Opts a route out of authentication; everything else requires a valid access token. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC_KEY, true), ApiExtension('x-public', true));

/** What a verified access token says about its bearer. */
export interface AuthenticatedUser {
  id: string;
  username: string;
  role: Role;
  sessionId: string;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedUser => {
  const req = ctx.switchToHttp().getRequest<{ user: AuthenticatedUser }>();
  return req.user;
});
