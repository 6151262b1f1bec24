import { Logger } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { Gauge } from 'prom-client';
import { AppConfig, InjectAppConfig, MetricsService } from '@app/core';
import {
  ADMIN_FEED_NAMESPACE,
  FEED_ALL,
  feedKioskRoom,
  feedSessionRoom,
  feedUserRoom,
  ListVisibleKioskIdsQuery,
  Role,
} from '@app/contracts';
import { SessionService, TokenService } from '@app/auth';
import { AdminFeedAudience } from '@app/platform';
import { AdminFeedMetrics, FeedRefusal } from './admin-feed-metrics';
import type { AdminFeedNamespace, AdminFeedSocket, FeedUser } from './admin-feed-socket';
import { FeedSocketsPerUser } from './feed-sockets-per-user';
import { NamespaceAdminFeedPublisher } from './namespace-admin-feed.publisher';
import { SlowFeedConsumers } from './slow-feed-consumers';

/** setTimeout's ceiling (~24.8 days); a longer token lifetime is waited out in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const MAX_TOKEN_CHARS = 4096;
/** Ids are UUIDs; anything else is refused before it reaches a uuid column (a query error). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A refused handshake: the client's `connect_error` carries `message` and, here, `data`. */
function refusal(reason: FeedRefusal, data?: Record<string, unknown>): Error & { data?: unknown } {
  return Object.assign(new Error(reason), data ? { data } : {});
}

/**
 * The admin live feed (CONTRACT.md §4): `/admin`, access JWT in the handshake's `auth.token`.
 * Read-only; what a socket receives is decided by its rooms alone (admins: `FEED_ALL`; others: the
 * rooms of the kiosks assigned to them), kept right as assignments, sessions and roles change, on
 * every instance through the Redis adapter. The events themselves come from AdminFeedModule.
 * A user holds at most ADMIN_FEED_MAX_SOCKETS_PER_USER feed sockets (FeedSocketsPerUser), and a
 * socket that stops reading is closed (SlowFeedConsumers).
 */
@WebSocketGateway({ namespace: ADMIN_FEED_NAMESPACE })
export class AdminFeedGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(AdminFeedGateway.name);
  private readonly sockets: Gauge;
  @WebSocketServer() private nsp: AdminFeedNamespace | undefined;

  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
    private readonly queries: QueryBus,
    private readonly publisher: NamespaceAdminFeedPublisher,
    private readonly audience: AdminFeedAudience,
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly perUser: FeedSocketsPerUser,
    private readonly slowConsumers: SlowFeedConsumers,
    private readonly feedMetrics: AdminFeedMetrics,
    metrics: MetricsService,
  ) {
    this.sockets = new Gauge({
      name: 'admin_feed_sockets',
      help: 'Admin live feed sockets open on this instance',
      registers: [metrics.registry],
    });
  }

  afterInit(nsp: AdminFeedNamespace): void {
    this.publisher.attach(nsp);
    this.perUser.watch(nsp);
    this.slowConsumers.watch(nsp);
    nsp.use((socket, next) => {
      const { token } = (socket.handshake.auth ?? {}) as { token?: unknown };
      if (typeof token !== 'string' || !token || token.length > MAX_TOKEN_CHARS) {
        return next(this.refuse('unauthorized'));
      }
      this.admit(socket, token)
        .then(async (refused) => {
          if (refused) return next(refused);
          await this.audience.watcherArriving();
          next();
        })
        .catch((e: unknown) => {
          // Admitted (its place taken), then refused after all: the socket never connects, so no
          // disconnect gives the place back, and it would count against the user until its lease lapsed.
          if (socket.data.user) this.perUser.release(socket.data.user.id, socket.id);
          this.logger.error(`admin feed handshake failed: ${e instanceof Error ? e.message : String(e)}`);
          next(this.refuse('unavailable'));
        });
    });
  }

  handleConnection(socket: AdminFeedSocket): void {
    this.sockets.inc();
    this.audience.watcherConnected();
    this.closeAtExpiry(socket);
    void this.recheck(socket);
  }

  handleDisconnect(socket: AdminFeedSocket): void {
    this.sockets.dec();
    this.audience.watcherDisconnected();
    this.perUser.release(socket.data.user.id, socket.id);
    clearTimeout(socket.data.expiry);
  }

  /** The kiosk's events follow it from the previous assignee's sockets to the new one's. */
  moveKiosk(kioskId: number, from: string | null, to: string | null): void {
    const room = feedKioskRoom(kioskId);
    if (from) this.nsp?.in(feedUserRoom(from)).socketsLeave(room);
    if (to) this.nsp?.in(feedUserRoom(to)).socketsJoin(room);
  }

  disconnectSession(sessionId: string): void {
    this.nsp?.in(feedSessionRoom(sessionId)).disconnectSockets(true);
  }

  disconnectUser(userId: string): void {
    this.nsp?.in(feedUserRoom(userId)).disconnectSockets(true);
  }

  /**
   * Verifies the token (signature, alg, iss, aud, exp) and that its session is live, takes one of
   * the user's socket places, then joins the socket's rooms before it counts as connected, so it
   * misses nothing from its first moment. Returns the refusal, or null when admitted.
   */
  private async admit(socket: AdminFeedSocket, token: string): Promise<Error | null> {
    const user = await this.authenticate(token);
    if (!user) return this.refuse('unauthorized');
    const here = socket.nsp.adapter.rooms.get(feedUserRoom(user.id))?.size ?? 0;
    if (!(await this.perUser.reserve(user.id, socket.id, here))) {
      // Counted, and logged at debug only: a client retrying in a loop must not flood the log.
      this.logger.debug(`admin feed socket of user ${user.id} refused: already ${this.perUser.cap} open`);
      return this.refuse('too_many_connections', {
        limit: this.perUser.cap,
        message: `At most ${this.perUser.cap} admin feed connections per user; close one first`,
      });
    }
    try {
      const kioskIds = await this.visibleKioskIds(user);
      // Room operations sent before the socket counts as connected do not reach it: recheck() covers them.
      await socket.join([
        feedUserRoom(user.id),
        feedSessionRoom(user.sessionId),
        ...(user.role === Role.Admin ? [FEED_ALL] : kioskIds.map(feedKioskRoom)),
      ]);
      socket.data.user = user;
      socket.data.kioskIds = kioskIds;
      return null;
    } catch (e) {
      this.perUser.release(user.id, socket.id);
      throw e;
    }
  }

  private async authenticate(token: string): Promise<FeedUser | null> {
    let claims: Awaited<ReturnType<TokenService['verifyAccessToken']>>;
    try {
      claims = await this.tokens.verifyAccessToken(token);
    } catch {
      return null;
    }
    const { sub, sid, exp } = claims as { sub: unknown; sid: unknown; exp: unknown };
    if (typeof sub !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') return null;
    if (!UUID.test(sub) || !UUID.test(sid)) return null;
    const found = await this.sessions.findLiveSessionUser(sid, sub);
    return found ? { id: found.id, role: found.role, sessionId: sid, exp } : null;
  }

  private refuse(reason: FeedRefusal, data?: Record<string, unknown>): Error {
    this.feedMetrics.refused.inc({ reason });
    return refusal(reason, data);
  }

  /**
   * Room operations sent while the socket was still in its handshake did not reach it (a logout, a
   * role change, an assignment moved). One more look, now that they would, closes that gap. Only
   * rooms joined from the first look are left: those joined since by an assignment are newer.
   */
  private async recheck(socket: AdminFeedSocket): Promise<void> {
    const { user, kioskIds } = socket.data;
    try {
      const [live, visible] = await Promise.all([
        this.sessions.findLiveSessionUser(user.sessionId, user.id),
        this.visibleKioskIds(user),
      ]);
      if (!socket.connected) return;
      if (!live || live.role !== user.role) {
        socket.disconnect(true);
        return;
      }
      const now = new Set(visible);
      const before = new Set(kioskIds);
      for (const id of kioskIds) if (!now.has(id)) await socket.leave(feedKioskRoom(id));
      const added = visible.filter((id) => !before.has(id));
      if (added.length) await socket.join(added.map(feedKioskRoom));
      socket.data.kioskIds = visible;
    } catch (e) {
      // Unsure what it may see: better closed than leaking. The client connects again.
      this.logger.warn(`admin feed recheck failed: ${e instanceof Error ? e.message : String(e)}`);
      socket.disconnect(true);
    }
  }

  private async visibleKioskIds(user: FeedUser): Promise<number[]> {
    if (user.role === Role.Admin || !this.config.enabledModules.has('kiosk')) return [];
    return this.queries.execute<ListVisibleKioskIdsQuery, number[]>(new ListVisibleKioskIdsQuery(user));
  }

  /** The handshake was the only check of the token; the socket ends when the token does. */
  private closeAtExpiry(socket: AdminFeedSocket): void {
    const left = socket.data.user.exp * 1000 - Date.now();
    if (left <= 0) {
      socket.disconnect(true);
      return;
    }
    socket.data.expiry = setTimeout(() => this.closeAtExpiry(socket), Math.min(left, MAX_TIMER_MS));
  }
}
