export { createKioskFleetClient } from './client';
export type { KioskFleetClient, KioskFleetClientOptions } from './client';
export type { FetchLike, KioskFleetAuth, SessionTokens, TokenPair } from './auth-session';
export { KioskFleetApiError, parseRetryAfter } from './errors';
export type { ApiErrorBody, FieldError } from './errors';
export type {
  DataMethod,
  HttpMethod,
  Page,
  PageItem,
  PaginatedPath,
  PaginateOptions,
  PathsWithMethod,
} from './types';
export type { components, JsonValue, operations, paths } from './generated/openapi';

import type { components } from './generated/openapi';
/** A schema of the spec by name, e.g. `Schema<'KioskDto'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];
