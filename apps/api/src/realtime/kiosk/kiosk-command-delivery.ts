import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type Redis from 'ioredis';
import type { Namespace } from 'socket.io';
import { InjectRedis } from '@app/core';
import { ClaimDeliverableCommandsCommand, ClaimedCommand, DELIVERY_CHANNEL } from '@app/command';

export const kioskRoom = (kioskId: number) => `kiosk:${kioskId}`;

/** The `kiosk_command` wire payload (CONTRACT.md §3). */
export function toWire(c: ClaimedCommand) {
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
 * Emits commands to kiosks whose sockets this instance holds. It listens for "kiosk K has commands"
 * announcements from every instance and the worker, claims (marks `sent`) only what it is about to
 * emit, and redelivers pending and sent commands whenever a kiosk (re)joins.
 */
@Injectable()
export class KioskCommandDelivery implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KioskCommandDelivery.name);
  private subscriber: Redis | undefined;
  private nsp: Namespace | undefined;

  constructor(
    private readonly commands: CommandBus,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  attach(nsp: Namespace): void {
    this.nsp = nsp;
  }

  async onModuleInit(): Promise<void> {
    const channel = `${this.redis.options.keyPrefix ?? ''}${DELIVERY_CHANNEL}`;
    this.subscriber = this.redis.duplicate({ keyPrefix: '' });
    this.subscriber.on('message', (_channel: string, message: string) => {
      let ids: unknown;
      try {
        ids = JSON.parse(message);
      } catch {
        return;
      }
      if (Array.isArray(ids)) for (const id of ids) if (typeof id === 'number') void this.deliver(id, false);
    });
    await this.subscriber.subscribe(channel);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => undefined);
  }

  /** Claims and emits the kiosk's deliverable commands, if one of its sockets is on this instance. */
  async deliver(kioskId: number, includeSent: boolean): Promise<number> {
    const room = kioskRoom(kioskId);
    if (!this.nsp?.adapter.rooms.get(room)?.size) return 0;
    try {
      const claimed = await this.commands.execute<ClaimDeliverableCommandsCommand, ClaimedCommand[]>(
        new ClaimDeliverableCommandsCommand(kioskId, includeSent),
      );
      for (const c of claimed) this.nsp.local.to(room).emit('kiosk_command', toWire(c));
      return claimed.length;
    } catch (e) {
      this.logger.warn(
        `delivering commands to kiosk ${kioskId} failed: ${e instanceof Error ? e.message : String(e)}`,
      );
      return 0;
    }
  }
}
