/** The roles a person (or an API key) acts with; what each may do is the auth module's business. */
export enum Role {
  Admin = 'admin',
  Operator = 'operator',
  Viewer = 'viewer',
}

export const ALL_ROLES: readonly Role[] = [Role.Admin, Role.Operator, Role.Viewer];

/** What a verified access token (or API key) says about its bearer. */
export interface AuthenticatedUser {
  id: string;
  username: string;
  role: Role;
  /** The session behind a Bearer token; empty for an API key, which has none. */
  sessionId: string;
  /** Set only when an API key authenticated the request: the key's id (also `id`). */
  apiKeyId?: string;
  /**
   * Set only for an API key: the kiosks it sees are those carrying one of these tags, instead of
   * those assigned to `id` (CONTRACT §8). Visibility checks must pass the whole principal along.
   */
  kioskTags?: readonly string[];
}
