import type { Namespace, Socket } from 'socket.io';
import type { AdminFeedServerEvents, Role } from '@app/contracts';

/** The feed is read-only: the server listens to nothing a client sends. */
export type AdminFeedClientEvents = Record<string, never>;

export interface FeedUser {
  id: string;
  /** From the database at handshake, not from the token: a demotion applies to the next connection. */
  role: Role;
  sessionId: string;
  /** The access token's expiry, seconds since the epoch: the socket is closed then. */
  exp: number;
}

export interface FeedSocketData {
  user: FeedUser;
  /** Kiosk rooms joined from the visibility query (those joined later by assignment are not here). */
  kioskIds: number[];
  expiry?: NodeJS.Timeout;
}

export type AdminFeedNamespace = Namespace<
  AdminFeedClientEvents,
  AdminFeedServerEvents,
  Record<string, never>,
  FeedSocketData
>;
export type AdminFeedSocket = Socket<
  AdminFeedClientEvents,
  AdminFeedServerEvents,
  Record<string, never>,
  FeedSocketData
>;
