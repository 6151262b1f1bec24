import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type Redis from 'ioredis';
import { AppConfig, InjectAppConfig, InjectRedis, RedisChannel } from '@app/core';
import { ClaimDeliverableCommandsCommand, ClaimedCommand, DELIVERY_CHANNEL } from '@app/command';
import type { KioskCommandPayload } from '@app/contracts';
import type { KioskNamespace, KioskSocket } from './kiosk-namespace';

export const kioskRoom = (kioskId: number) => `kiosk:${kioskId}`;

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Kiosks per claim statement: a bulk announcement of 2,000 kiosks becomes two statements. */
const CLAIM_CHUNK = 1_000;

const MAX_REMEMBERED_PER_CONNECTION = 256;

/** The `kiosk_command` wire payload (CONTRACT.md §3). */
export function toWire(c: ClaimedCommand): KioskCommandPayload {
  return {
    command_id: c.id,
    kiosk_id: c.kioskId,
    command: c.command,
    params: c.params,
    timestamp: new Date().toISOString(),
    expires_at: c.expiresAt.toISOString(),
  };
}

/**
 * Emits commands to kiosks whose sockets this instance holds. It takes this instance's own "kiosks
 * K… have commands" announcements directly (CommandsBecameDeliverableEvent) and relays those of
 * kiosks held elsewhere on DELIVERY_CHANNEL, where it listens for the other instances' and the
 * worker's. It claims (marks `sent`) only what it is about to emit, and redelivers pending and sent
 * commands whenever a kiosk (re)joins. Announcements arriving in the same tick are claimed together.
 */
@Injectable()
export class KioskCommandDelivery implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KioskCommandDelivery.name);
  private readonly channel: RedisChannel;
  private nsp: KioskNamespace | undefined;
  private readonly queued = new Set<number>();
  private flushScheduled = false;
  /** Kiosks joined since the last join claim, with the socket each joined on. */
  private readonly joined = new Map<number, KioskSocket>();
  private joinFlushScheduled = false;

  constructor(
    private readonly commands: CommandBus,
    @InjectRedis() redis: Redis,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {
    this.channel = new RedisChannel(redis, DELIVERY_CHANNEL);
  }

  attach(nsp: KioskNamespace): void {
    this.nsp = nsp;
  }

  async onModuleInit(): Promise<void> {
    // With the command module switched off, nothing announces deliveries.
    if (!this.config.enabledModules.has('command')) return;
    await this.channel.subscribe((message) => {
      let ids: unknown;
      try {
        ids = JSON.parse(message);
      } catch {
        return;
      }
      if (Array.isArray(ids)) this.takeLocal(ids.filter((id): id is number => typeof id === 'number'));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }

  /**
   * Kiosks with commands to deliver, announced in this process: those held here are claimed in the
   * next tick, the others are announced to the other instances.
   */
  async announced(kioskIds: readonly number[]): Promise<void> {
    const elsewhere = this.takeLocal(kioskIds);
    if (!elsewhere.length) return;
    try {
      await this.channel.publish(JSON.stringify(elsewhere));
    } catch (e) {
      // The commands stay pending: the kiosk gets them when it next (re)joins.
      this.logger.warn(
        `announcing commands for ${elsewhere.length} kiosk(s) to other instances failed: ${messageOf(e)}`,
      );
    }
  }

  /** Claims and emits the deliverable commands of those kiosks that have a socket on this instance. */
  async deliver(kioskIds: readonly number[], includeSent: boolean): Promise<number> {
    const here = kioskIds.filter((id) => this.holds(id));
    let emitted = 0;
    for (let i = 0; i < here.length; i += CLAIM_CHUNK) {
      emitted += await this.claimAndEmit(here.slice(i, i + CLAIM_CHUNK), includeSent, []);
    }
    return emitted;
  }

  /**
   * A kiosk joined on this socket: its pending commands, and those sent before but never answered
   * (they may have gone to a connection that is gone), except what this connection already got.
   * Joins of the same tick are claimed together: after a restart or a network blip thousands of
   * kiosks rejoin within seconds, and most have nothing waiting, so one claim per kiosk would be
   * thousands of round trips that find nothing.
   */
  deliverOnJoin(socket: KioskSocket): void {
    this.joined.set(socket.data.kiosk.id, socket);
    if (this.joinFlushScheduled) return;
    this.joinFlushScheduled = true;
    setImmediate(() => {
      this.joinFlushScheduled = false;
      const sockets = [...this.joined.values()];
      this.joined.clear();
      void this.claimForJoins(sockets);
    });
  }

  private async claimForJoins(sockets: readonly KioskSocket[]): Promise<void> {
    for (let i = 0; i < sockets.length; i += CLAIM_CHUNK) {
      const chunk = sockets.slice(i, i + CLAIM_CHUNK);
      // Command ids are per kiosk, so one list of what the chunk's connections have serves them all.
      const had = chunk.flatMap((s) => [...s.data.commandsEmitted]);
      await this.claimAndEmit(
        chunk.map((s) => s.data.kiosk.id),
        true,
        had,
      );
    }
  }

  private holds(kioskId: number): boolean {
    return (this.nsp?.adapter.rooms.get(kioskRoom(kioskId))?.size ?? 0) > 0;
  }

  /** Queues the kiosks held here for the next tick's claim; returns the others. */
  private takeLocal(kioskIds: readonly number[]): number[] {
    const elsewhere: number[] = [];
    for (const id of kioskIds) {
      if (this.holds(id)) this.queued.add(id);
      else elsewhere.push(id);
    }
    if (this.queued.size && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        const ids = [...this.queued];
        this.queued.clear();
        void this.deliver(ids, false);
      });
    }
    return elsewhere;
  }

  private async claimAndEmit(
    kioskIds: number[],
    includeSent: boolean,
    exceptIds: readonly string[],
  ): Promise<number> {
    if (!kioskIds.length || !this.nsp) return 0;
    try {
      const claimed = await this.commands.execute<ClaimDeliverableCommandsCommand, ClaimedCommand[]>(
        new ClaimDeliverableCommandsCommand(kioskIds, includeSent, exceptIds),
      );
      for (const c of claimed) this.emit(this.nsp, c);
      return claimed.length;
    } catch (e) {
      this.logger.warn(
        `delivering commands to ${kioskIds.length} kiosk(s) (first ${kioskIds[0]}) failed: ${messageOf(e)}`,
      );
      return 0;
    }
  }

  private emit(nsp: KioskNamespace, c: ClaimedCommand): void {
    const room = kioskRoom(c.kioskId);
    for (const socketId of nsp.adapter.rooms.get(room) ?? []) {
      const emitted = nsp.sockets.get(socketId)?.data.commandsEmitted;
      if (!emitted) continue;
      // A kiosk holds a handful of live commands; a connection that somehow piles up more forgets
      // its oldest, which at worst costs one repeat the kiosk already ignores by command_id.
      if (emitted.size >= MAX_REMEMBERED_PER_CONNECTION) {
        const oldest = emitted.values().next();
        if (!oldest.done) emitted.delete(oldest.value);
      }
      emitted.add(c.id);
    }
    nsp.local.to(room).emit('kiosk_command', toWire(c));
  }
}
