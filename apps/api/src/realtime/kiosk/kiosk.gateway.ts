import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import {
  AppConfig,
  AuthenticatedKiosk,
  AuthenticateKioskQuery,
  DomainError,
  INSTANCE_ID,
  InjectAppConfig,
  RecordKioskConnectionCommand,
  RecordTelemetryCommand,
  RecordTelemetryResult,
} from '@app/core';
import { CommandAckResult, RecordCommandAckCommand } from '@app/command';
import {
  KioskPaymentRecorded,
  RecordKioskPaymentCommand,
  RecordZReportCommand,
  ZReportResult,
} from '@app/payment';
import { KioskCommandDelivery, kioskRoom } from './kiosk-command-delivery';
import { parseKioskPayment } from './kiosk-payment-wire';
import { KioskWireError, parseKioskCommandAck, parseKioskJoin, parseKioskUpdate } from './kiosk-wire';
import { KioskWireMetrics } from './kiosk-wire-metrics';
import { TokenBucket } from './token-bucket';

type Ack = (reply: unknown) => void;

interface KioskSocketData {
  kiosk: AuthenticatedKiosk;
  joined: boolean;
  bucket: TokenBucket;
  /** Settles once the connection is recorded, so the disconnect is never recorded before it. */
  connected: Promise<void>;
  /** Size in bytes of the last message frame received, read by the handler it dispatches to. */
  frameBytes: number;
}

type KioskSocket = Socket & { data: KioskSocketData };

/**
 * The kiosk side of the wire (CONTRACT.md §3). It only translates: authenticates the handshake,
 * checks size, rate and shape, and hands readings to the telemetry module, acknowledging a reading
 * only once it is committed. Bad input is answered with its error code and the socket stays up.
 */
@WebSocketGateway({ namespace: '/kiosks' })
export class KioskGateway implements OnGatewayInit, OnGatewayConnection, BeforeApplicationShutdown {
  private readonly logger = new Logger(KioskGateway.name);
  private readonly pending = new Set<Promise<unknown>>();
  @WebSocketServer() private nsp: Namespace;

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly metrics: KioskWireMetrics,
    private readonly delivery: KioskCommandDelivery,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  afterInit(nsp: Namespace): void {
    this.delivery.attach(nsp);
    nsp.use((socket, next) => {
      const { serial, secret } = (socket.handshake.auth ?? {}) as { serial?: unknown; secret?: unknown };
      if (
        typeof serial !== 'string' ||
        typeof secret !== 'string' ||
        serial.length > 64 ||
        secret.length > 128
      ) {
        return next(new Error('unauthorized'));
      }
      this.queries
        .execute<AuthenticateKioskQuery, AuthenticatedKiosk | null>(
          new AuthenticateKioskQuery(serial, secret),
        )
        .then((kiosk) => {
          if (!kiosk) return next(new Error('unauthorized'));
          (socket as KioskSocket).data.kiosk = kiosk;
          next();
        })
        .catch((e: unknown) => {
          this.logger.error(`kiosk handshake failed: ${e instanceof Error ? e.message : String(e)}`);
          next(new Error('unavailable'));
        });
    });
  }

  handleConnection(socket: KioskSocket): void {
    const { kiosk } = socket.data;
    const wire = this.config.kioskWire;
    socket.data.joined = false;
    socket.data.bucket = new TokenBucket(wire.rateLimitPerSec, wire.rateLimitBurst);
    socket.data.frameBytes = 0;
    // The frame is measured as it arrives, before decoding: re-serialising every payload to learn its
    // size cost more than validating it. The event handler runs synchronously after this listener.
    socket.conn.on('packet', (packet: { type: string; data?: unknown }) => {
      if (packet.type === 'message') socket.data.frameBytes = frameBytes(packet.data, wire.maxMessageBytes);
    });
    void socket.join(kioskRoom(kiosk.id));
    this.metrics.sockets.inc();
    const connectionId = `${INSTANCE_ID}:${socket.id}`;
    socket.data.connected = this.track(
      this.commands.execute(new RecordKioskConnectionCommand(kiosk.id, connectionId, true)),
      `connect of kiosk ${kiosk.id}`,
    );
    socket.on('kiosk_join', (payload: unknown, ack?: Ack) => this.onJoin(socket, payload, ack));
    socket.on('kiosk_update', (payload: unknown, ack?: Ack) => void this.onUpdate(socket, payload, ack));
    socket.on('kiosk_payment', (payload: unknown, ack?: Ack) => void this.onPayment(socket, payload, ack));
    socket.on(
      'kiosk_command_ack',
      (payload: unknown, ack?: Ack) => void this.onCommandAck(socket, payload, ack),
    );
    socket.on('disconnect', () => {
      this.metrics.sockets.dec();
      void this.track(
        socket.data.connected.then(() =>
          this.commands.execute(new RecordKioskConnectionCommand(kiosk.id, connectionId, false)),
        ),
        `disconnect of kiosk ${kiosk.id}`,
      );
    });
  }

  /**
   * Closes the kiosks' transports before the database closes, so their disconnects are still
   * recorded. Transport-level, on purpose: a socket.io "server disconnect" would tell clients not to
   * reconnect, while a closed transport makes them reconnect — to this instance when it is back, or
   * to another one behind the load balancer.
   */
  async beforeApplicationShutdown(): Promise<void> {
    for (const socket of this.nsp?.sockets.values() ?? []) socket.conn.close();
    await Promise.allSettled([...this.pending]);
  }

  /** Drops every socket of a kiosk, e.g. after decommissioning or a secret rotation. */
  disconnectKiosk(kioskId: number): void {
    this.nsp.in(kioskRoom(kioskId)).disconnectSockets(true);
  }

  private onJoin(socket: KioskSocket, payload: unknown, ack: Ack | undefined): void {
    this.metrics.messages.inc({ event: 'kiosk_join' });
    const parsed = parseKioskJoin(payload, socket.data.kiosk);
    if (!parsed.ok) return this.refuse(socket, ack, parsed.error);
    socket.data.joined = true;
    ack?.({
      ok: true,
      kiosk_id: socket.data.kiosk.id,
      server_time: new Date().toISOString(),
      telemetry_interval_sec: this.config.telemetryIntervalSec,
    });
    // After the join ack: commands waiting for this kiosk, and those sent before but never answered.
    if (this.config.enabledModules.has('command')) void this.delivery.deliver([socket.data.kiosk.id], true);
  }

  private async onCommandAck(socket: KioskSocket, payload: unknown, ack: Ack | undefined): Promise<void> {
    this.metrics.messages.inc({ event: 'kiosk_command_ack' });
    if (!socket.data.bucket.take()) {
      return this.refuse(socket, ack, { code: 'rate_limited', message: 'Too many messages; slow down' });
    }
    const parsed = parseKioskCommandAck(payload);
    if (!parsed.ok) return this.refuse(socket, ack, parsed.error);
    const a = parsed.value;
    try {
      const result = await this.commands.execute<RecordCommandAckCommand, CommandAckResult>(
        new RecordCommandAckCommand(socket.data.kiosk.id, a.command, a.status, a.commandId, a.error),
      );
      if (result.kind === 'unknown') {
        return this.refuse(socket, ack, {
          code: 'unknown_command',
          message: 'No such command was sent to this kiosk',
        });
      }
      ack?.(
        result.kind === 'duplicate'
          ? { ok: true, command_id: result.commandId, duplicate: true }
          : { ok: true, command_id: result.commandId },
      );
    } catch (e) {
      this.logger.error(`recording a command ack of kiosk ${socket.data.kiosk.id} failed: ${String(e)}`);
      this.refuse(socket, ack, {
        code: 'overloaded',
        message: 'The server could not record the ack; send it again',
      });
    }
  }

  private async onUpdate(socket: KioskSocket, payload: unknown, ack: Ack | undefined): Promise<void> {
    const receivedAt = new Date();
    this.metrics.messages.inc({ event: 'kiosk_update' });
    if (!socket.data.bucket.take(receivedAt.getTime())) {
      return this.refuse(socket, ack, { code: 'rate_limited', message: 'Too many messages; slow down' });
    }
    if (socket.data.frameBytes > this.config.kioskWire.maxMessageBytes) {
      const max = this.config.kioskWire.maxMessageBytes;
      return this.refuse(socket, ack, { code: 'payload_too_large', message: `Message exceeds ${max} bytes` });
    }
    if (!socket.data.joined) {
      return this.refuse(socket, ack, { code: 'not_joined', message: 'Send kiosk_join before kiosk_update' });
    }
    const parsed = parseKioskUpdate(payload, socket.data.kiosk, receivedAt);
    if (!parsed.ok) return this.refuse(socket, ack, parsed.error);
    try {
      const result = await this.commands.execute<RecordTelemetryCommand, RecordTelemetryResult>(
        new RecordTelemetryCommand(parsed.value),
      );
      this.metrics.ackSeconds.observe((Date.now() - receivedAt.getTime()) / 1000);
      ack?.(result.duplicate ? { ok: true, duplicate: true } : { ok: true });
    } catch (e) {
      // The store can never hold this reading: resending it would fail forever, so never `overloaded`.
      if (e instanceof DomainError && e.kind === 'invalid') {
        return this.refuse(socket, ack, { code: 'invalid_payload', message: e.message, details: e.details });
      }
      if (!(e instanceof DomainError && e.kind === 'overloaded')) {
        this.logger.error(`storing a reading of kiosk ${socket.data.kiosk.id} failed: ${String(e)}`);
      }
      this.refuse(socket, ack, {
        code: 'overloaded',
        message: 'The server is busy; resend this reading later',
      });
    }
  }

  /** A sale (recorded exactly once per transaction_id) or the kiosk's day report (z_report). */
  private async onPayment(socket: KioskSocket, payload: unknown, ack: Ack | undefined): Promise<void> {
    this.metrics.messages.inc({ event: 'kiosk_payment' });
    if (!socket.data.bucket.take()) {
      return this.refuse(socket, ack, { code: 'rate_limited', message: 'Too many messages; slow down' });
    }
    if (socket.data.frameBytes > this.config.kioskWire.maxMessageBytes) {
      const max = this.config.kioskWire.maxMessageBytes;
      return this.refuse(socket, ack, { code: 'payload_too_large', message: `Message exceeds ${max} bytes` });
    }
    if (!socket.data.joined) {
      return this.refuse(socket, ack, {
        code: 'not_joined',
        message: 'Send kiosk_join before kiosk_payment',
      });
    }
    if (!this.config.enabledModules.has('payment')) {
      return this.refuse(socket, ack, {
        code: 'invalid_payload',
        message: 'Payments are not enabled on this server',
      });
    }
    const parsed = parseKioskPayment(payload, socket.data.kiosk);
    if (!parsed.ok) return this.refuse(socket, ack, parsed.error);
    const kioskId = socket.data.kiosk.id;
    try {
      if (parsed.value.kind === 'sale') {
        const r = await this.commands.execute<RecordKioskPaymentCommand, KioskPaymentRecorded>(
          new RecordKioskPaymentCommand(kioskId, parsed.value.payment),
        );
        ack?.({ ok: true, payment_id: r.paymentId, duplicate: r.duplicate });
      } else {
        const r = await this.commands.execute<RecordZReportCommand, ZReportResult>(
          new RecordZReportCommand(kioskId, parsed.value.report),
        );
        ack?.({
          ok: true,
          report_id: r.reportId,
          matched: r.matched,
          duplicate: r.duplicate,
          mismatches: r.mismatches.map((m) => ({
            currency: m.currency,
            method: m.method,
            reported: m.reported,
            recorded: m.recorded,
            reported_count: m.reportedCount,
            recorded_count: m.recordedCount,
          })),
        });
      }
    } catch (e) {
      if (e instanceof DomainError && e.kind === 'invalid') {
        return this.refuse(socket, ack, { code: 'invalid_payload', message: e.message, details: e.details });
      }
      this.logger.error(`recording a payment of kiosk ${kioskId} failed: ${String(e)}`);
      this.refuse(socket, ack, {
        code: 'overloaded',
        message: 'The server could not record it; send it again',
      });
    }
  }

  private refuse(socket: KioskSocket, ack: Ack | undefined, error: KioskWireError): void {
    this.metrics.errors.inc({ code: error.code });
    if (ack) ack({ ok: false, error });
    else socket.emit('kiosk_error', error);
  }

  private track(work: Promise<unknown>, what: string): Promise<void> {
    const p = work.then(
      () => undefined,
      (e: unknown) => this.logger.warn(`${what} not recorded: ${e instanceof Error ? e.message : String(e)}`),
    );
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
    return p;
  }
}

/**
 * A frame's size in bytes. Text frames are measured in UTF-16 units first; only one that could be
 * over the limit in UTF-8 (up to 3 bytes per unit) is measured exactly.
 */
function frameBytes(data: unknown, max: number): number {
  if (typeof data === 'string') return data.length * 3 > max ? Buffer.byteLength(data) : data.length;
  if (Buffer.isBuffer(data) || data instanceof ArrayBuffer) return data.byteLength;
  return 0;
}
