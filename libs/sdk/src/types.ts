import type { FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import type { paths } from './generated/openapi';

/** Type plumbing between the generated `paths` and the client's methods (no runtime code). */

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
type MediaType = `${string}/${string}`;

/** Paths of the spec that have an operation for `M` (absent operations are generated as `m?: never`). */
export type PathsWithMethod<M extends HttpMethod> = {
  [P in keyof paths]: paths[P] extends Record<M, object> ? P : never;
}[keyof paths];

export type OperationOf<P extends keyof paths, M extends HttpMethod> =
  paths[P] extends Record<M, infer Op> ? Op : never;

type RequiredKeysOf<T> = {
  [K in keyof T]-?: Record<string, never> extends Pick<T, K> ? never : K;
}[keyof T];

/** The init argument is optional exactly when the operation has no required path/query/body. */
export type InitParam<Init> =
  RequiredKeysOf<Init> extends never
    ? [(Init & { [key: string]: unknown })?]
    : [Init & { [key: string]: unknown }];

/** The 2xx body of an operation as openapi-fetch parses it (`parseAs` respected); `undefined` for 204. */
export type SuccessData<Op, Init> =
  Op extends Record<string | number, unknown>
    ? NoContentAsUndefined<
        NonNullable<Extract<FetchResponse<Op, Init, MediaType>, { error?: never }>['data']>
      >
    : never;
type NoContentAsUndefined<T> = [T] extends [never] ? undefined : T;

/** A method that resolves with the 2xx body and throws `KioskFleetApiError` on any other status. */
export type DataMethod<M extends HttpMethod> = <
  P extends PathsWithMethod<M>,
  Init extends MaybeOptionalInit<paths[P], M>,
>(
  url: P,
  ...init: InitParam<Init>
) => Promise<SuccessData<OperationOf<P, M>, Init>>;

// ---- pagination -------------------------------------------------------------------------------

type JsonOk<Op> = Op extends { responses: { 200: { content: { 'application/json': infer Body } } } }
  ? Body
  : never;
type GetParameters<P extends keyof paths> = OperationOf<P, 'get'> extends { parameters: infer X } ? X : never;
type QueryOf<P extends keyof paths> = GetParameters<P> extends { query?: infer Q } ? NonNullable<Q> : never;
type PathParamsOf<P extends keyof paths> = GetParameters<P> extends { path?: infer X } ? X : never;

/** GET paths answering a page: `{ items: [...], nextCursor }` and taking a `cursor` query parameter. */
export type PaginatedPath = {
  [P in PathsWithMethod<'get'>]: JsonOk<OperationOf<P, 'get'>> extends {
    items: readonly unknown[];
    nextCursor: string | null;
  }
    ? 'cursor' extends keyof QueryOf<P>
      ? P
      : never
    : never;
}[PathsWithMethod<'get'>];

/** One element of a paginated path's `items`. */
export type PageItem<P extends PaginatedPath> =
  JsonOk<OperationOf<P, 'get'>> extends { items: readonly (infer Item)[] } ? Item : never;

/** A whole page of a paginated path. */
export type Page<P extends PaginatedPath> = JsonOk<OperationOf<P, 'get'>>;

/** Filters of a paginated path (the iterator owns `cursor`), plus its path parameters when it has any. */
export type PaginateOptions<P extends PaginatedPath> = {
  query?: Omit<QueryOf<P>, 'cursor'>;
} & ([NonNullable<PathParamsOf<P>>] extends [never]
  ? { path?: never }
  : { path: NonNullable<PathParamsOf<P>> });

/** Arguments of `paginate`: the options may be left out when the path has no path parameters. */
export type PaginateArgs<P extends PaginatedPath> = [NonNullable<PathParamsOf<P>>] extends [never]
  ? [options?: PaginateOptions<P>]
  : [options: PaginateOptions<P>];
