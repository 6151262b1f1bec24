import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, InjectAppConfig, PeriodicTask } from '@app/core';
import type { AdminFeedNamespace, AdminFeedSocket } from './admin-feed-socket';
import { AdminFeedMetrics } from './admin-feed-metrics';
import { EngineConnection, dropConnection, queuedBytes } from './feed-socket-backlog';

const SWEEP_MS = 1_000;

/**
 * Disconnects `/admin` sockets that do not read: once more than ADMIN_FEED_MAX_BUFFERED_BYTES wait
 * unsent for one of them, it is closed and its buffers freed, so one stalled browser tab cannot
 * hold the instance's memory hostage.
 *
 * A sweep over this instance's feed sockets each second, not a check on every emit: feed events
 * are broadcasts encoded once and written to every recipient inside Socket.IO's adapter, so a
 * per-socket check per event would add O(sockets) work to each of thousands of events a second.
 * The sweep costs O(local feed sockets) a second whatever the event rate; the price is that a
 * socket may overshoot the bound by at most one second of the feed before it is closed.
 */
@Injectable()
export class SlowFeedConsumers implements OnApplicationShutdown {
  private readonly logger = new Logger(SlowFeedConsumers.name);
  private readonly sweeps: PeriodicTask;
  private nsp: AdminFeedNamespace | undefined;

  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly metrics: AdminFeedMetrics,
  ) {
    this.sweeps = new PeriodicTask({
      intervalMs: SWEEP_MS,
      // Synchronous: the sweep runs within the tick, as a plain timer's would.
      run: async () => {
        if (this.nsp) this.sweep(this.nsp);
      },
      logger: this.logger,
      failure: 'admin feed slow consumer sweep failed',
    });
  }

  /** Sweeps `nsp` each second until shutdown. */
  watch(nsp: AdminFeedNamespace): void {
    this.nsp = nsp;
    this.sweeps.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.sweeps.stop();
  }

  /** Closes every local feed socket over the bound; how many it closed. */
  sweep(nsp: AdminFeedNamespace): number {
    const max = this.config.adminFeed.maxBufferedBytes;
    let closed = 0;
    for (const socket of nsp.sockets.values()) {
      const conn = socket.conn as unknown as EngineConnection;
      const queued = queuedBytes(conn, max);
      if (queued <= max) continue;
      this.drop(socket, conn, queued, max);
      closed++;
    }
    return closed;
  }

  private drop(socket: AdminFeedSocket, conn: EngineConnection, queued: number, max: number): void {
    const transport = conn.transport.name;
    this.metrics.slowConsumers.inc({ transport });
    this.logger.warn(
      `admin feed socket ${socket.id} of user ${socket.data.user?.id ?? '?'} closed: slow consumer, ` +
        `${queued} bytes queued unsent over ${transport} (limit ${max})`,
    );
    // Rooms left and the disconnect handlers run now; then the transport goes without draining.
    socket.disconnect(true);
    dropConnection(conn);
  }
}
