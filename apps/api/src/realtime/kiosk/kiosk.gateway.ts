import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { AppConfig, DomainError, INSTANCE_ID, InjectAppConfig } from '@app/core';
import {
  AuthenticatedKiosk,
  AuthenticateKioskQuery,
  type KioskAck,
  type KioskCommandAckAck,
  type KioskJoinAck,
  type KioskSaleAck,
  type KioskUpdateAck,
  type KioskZReportAck,
  type KioskToServerEventName,
  type KioskWireError,
  RecordKioskConnectionCommand,
  RecordTelemetryCommand,
  RecordTelemetryResult,
} from '@app/contracts';
import { CommandAckResult, RecordCommandAckCommand } from '@app/command';
import { RecordKioskInventoryCommand, SendKioskConfigOnJoinCommand } from '@app/kiosk';
import {
  KioskPaymentRecorded,
  RecordKioskPaymentCommand,
  RecordZReportCommand,
  ZReportResult,
} from '@app/payment';
import { RefusedPacket } from '../bounded-packet-decoder';
import { KioskCommandDelivery, kioskRoom } from './kiosk-command-delivery';
import { HandshakeRefused, KioskHandshakeLimiter } from './kiosk-handshake-limiter';
import { parseKioskPayment } from './kiosk-payment-wire';
import { KioskNamespace, KioskSocket } from './kiosk-namespace';
import { parseKioskCommandAck, parseKioskJoin, parseKioskUpdate } from './kiosk-wire';
import { KioskWireMetrics } from './kiosk-wire-metrics';
import { TokenBucket } from './token-bucket';

/** An ack of any kiosk message, as far as refusing it goes: every ack takes a refusal. */
type AnyAck = KioskAck<never>;

// The last argument is the ack only when it is a function: a kiosk sending extra arguments gets
// `kiosk_error` instead of making the handler call a string. Its reply is the contract's.
const ackOf = <Reply>(arg: unknown): KioskAck<Reply> | undefined =>
  typeof arg === 'function' ? (arg as KioskAck<Reply>) : undefined;

/**
 * The kiosk side of the wire (CONTRACT.md §3). It only translates: authenticates the handshake,
 * checks size, rate and shape, and hands readings to the telemetry module, acknowledging a reading
 * only once it is committed. Bad input is answered with its error code and the socket stays up.
 */
@WebSocketGateway({ namespace: '/kiosks' })
export class KioskGateway implements OnGatewayInit, OnGatewayConnection, BeforeApplicationShutdown {
  private readonly logger = new Logger(KioskGateway.name);
  private readonly pending = new Set<Promise<unknown>>();
  @WebSocketServer() private nsp: KioskNamespace;

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly metrics: KioskWireMetrics,
    private readonly delivery: KioskCommandDelivery,
    private readonly handshakes: KioskHandshakeLimiter,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  afterInit(nsp: KioskNamespace): void {
    this.delivery.attach(nsp);
    this.handshakes.attach(nsp.server.engine);
    nsp.on('kiosk_reconnected', (kioskId, newId, newIssued) =>
      this.closeOlderSockets(kioskId, newId, newIssued),
    );
    nsp.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (e: unknown) => {
          if (e instanceof HandshakeRefused) return next(e);
          this.logger.error(`kiosk handshake failed: ${e instanceof Error ? e.message : String(e)}`);
          next(new Error('unavailable'));
        },
      );
    });
  }

  /**
   * The handshake, cheapest check first: the address's recent failed authentications, the shape of
   * the credentials, the kiosk's handshake budget (so a stolen secret cannot keep replacing the
   * kiosk's live socket), and only then the auth query. A failure spends the address's budget.
   */
  private async authenticate(socket: KioskSocket): Promise<void> {
    const address = this.handshakes.clientAddress(socket.conn);
    const { serial, secret } = (socket.handshake.auth ?? {}) as { serial?: unknown; secret?: unknown };
    const wellFormed =
      typeof serial === 'string' && typeof secret === 'string' && serial.length <= 64 && secret.length <= 128;
    const verdict = await this.handshakes.admit(address, wellFormed ? serial : null);
    if (!verdict.allowed) throw new HandshakeRefused('rate_limited', verdict.retryAfterSec);
    if (wellFormed) {
      const kiosk = await this.queries.execute<AuthenticateKioskQuery, AuthenticatedKiosk | null>(
        new AuthenticateKioskQuery(serial, secret),
      );
      if (kiosk) {
        socket.data.kiosk = kiosk;
        return;
      }
    }
    await this.handshakes.noteFailedAuthentication(address);
    throw new HandshakeRefused('unauthorized');
  }

  handleConnection(socket: KioskSocket): void {
    const { kiosk } = socket.data;
    const wire = this.config.kioskWire;
    socket.data.joined = false;
    socket.data.commandsEmitted = new Set();
    socket.data.bucket = new TokenBucket(wire.rateLimitPerSec, wire.rateLimitBurst);
    // Sizes are measured by the socket.io decoder, per packet (bounded-packet-decoder.ts): an event
    // over the limit, or with binary attachments, arrives here as a RefusedPacket.
    void socket.join(kioskRoom(kiosk.id));
    this.metrics.sockets.inc();
    const connectionId = `${INSTANCE_ID}:${socket.id}`;
    socket.data.connected = this.track(
      this.commands.execute(new RecordKioskConnectionCommand(kiosk.id, connectionId, true)),
      `connect of kiosk ${kiosk.id}`,
    );
    socket.on('kiosk_join', (payload: unknown, ack: unknown) => this.onJoin(socket, payload, ackOf(ack)));
    socket.on(
      'kiosk_update',
      (payload: unknown, ack: unknown) => void this.onUpdate(socket, payload, ackOf(ack)),
    );
    socket.on(
      'kiosk_payment',
      (payload: unknown, ack: unknown) => void this.onPayment(socket, payload, ackOf(ack)),
    );
    socket.on(
      'kiosk_command_ack',
      (payload: unknown, ack: unknown) => void this.onCommandAck(socket, payload, ackOf(ack)),
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
    // Once this connection is recorded, so the older sockets' disconnects (recorded after theirs)
    // never leave the kiosk with no connection on record: it stays online throughout.
    if (wire.oneSocketPerKiosk) void socket.data.connected.then(() => this.replaceOlderSockets(socket));
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

  /**
   * At most one live socket per kiosk: a stolen secret cannot fan out sockets, and a kiosk that lost
   * its connection without noticing leaves no zombie. The newest socket wins, wherever each one is:
   * this instance compares the kiosk's sockets it holds with the new one, and tells the others to do
   * the same. Newest by handshake time (then socket id), one order on every instance; whichever
   * instance sees a pair closes the older one, so even racing connections on two instances, or
   * clocks slightly apart, end with exactly one socket. A server disconnect: the socket.io client
   * does not reconnect the socket it replaced by itself.
   */
  private replaceOlderSockets(socket: KioskSocket): void {
    if (!socket.connected) return;
    const kioskId = socket.data.kiosk.id;
    this.closeOlderSockets(kioskId, socket.id, socket.handshake.issued);
    this.nsp.serverSideEmit('kiosk_reconnected', kioskId, socket.id, socket.handshake.issued);
  }

  private closeOlderSockets(kioskId: number, newId: string, newIssued: number): void {
    const ids = this.nsp.adapter.rooms.get(kioskRoom(kioskId));
    if (!ids || (ids.size === 1 && ids.has(newId))) return;
    for (const id of [...ids]) {
      const other = this.nsp.sockets.get(id);
      if (!other || id === newId) continue;
      this.metrics.socketsReplaced.inc();
      const issued = other.handshake.issued;
      if (issued < newIssued || (issued === newIssued && id < newId)) {
        other.disconnect(true);
      } else {
        // This one is newer than the announced socket: that one goes, wherever it is.
        this.nsp.in(newId).disconnectSockets(true);
        return;
      }
    }
  }

  /**
   * What every kiosk event goes through first, in this order: the per-kiosk rate limit, the
   * decoder's verdict on the packet (too large, or binary), and — but for `kiosk_join` — the join.
   * Refused: answered here, and false.
   */
  private admitted(
    socket: KioskSocket,
    event: KioskToServerEventName,
    payload: unknown,
    ack: AnyAck | undefined,
    now = Date.now(),
  ): boolean {
    this.metrics.messages.inc({ event });
    let error: KioskWireError | null = null;
    if (!socket.data.bucket.take(now)) {
      error = { code: 'rate_limited', message: 'Too many messages; slow down' };
    } else if (payload instanceof RefusedPacket) {
      this.metrics.refusedPackets.inc({ reason: payload.reason });
      error = this.packetRefusal(payload);
    } else if (event !== 'kiosk_join' && !socket.data.joined) {
      error = { code: 'not_joined', message: `Send kiosk_join before ${event}` };
    }
    if (error === null) return true;
    this.refuse(socket, ack, error);
    return false;
  }

  private packetRefusal(packet: RefusedPacket): KioskWireError {
    if (packet.reason === 'binary') {
      return {
        code: 'invalid_payload',
        message: 'Invalid payload: binary attachments are not accepted',
        details: [{ field: '(payload)', message: 'must be JSON without binary attachments' }],
      };
    }
    const max = this.config.kioskWire.maxMessageBytes;
    return { code: 'payload_too_large', message: `Message exceeds ${max} bytes` };
  }

  private onJoin(socket: KioskSocket, payload: unknown, ack: KioskAck<KioskJoinAck> | undefined): void {
    if (!this.admitted(socket, 'kiosk_join', payload, ack)) return;
    const parsed = parseKioskJoin(payload, socket.data.kiosk);
    if (!parsed.ok) return this.refuse(socket, ack, parsed.error);
    socket.data.joined = true;
    ack?.({
      ok: true,
      kiosk_id: socket.data.kiosk.id,
      server_time: new Date().toISOString(),
      telemetry_interval_sec: this.config.telemetryIntervalSec,
    });
    // After the join ack, so storing it never delays the ack; a failure is counted and logged there.
    const { firmwareVersion, capabilities } = parsed.value;
    void this.track(
      this.commands.execute(
        new RecordKioskInventoryCommand(socket.data.kiosk.id, firmwareVersion, capabilities),
      ),
      `inventory of kiosk ${socket.data.kiosk.id}`,
    );
    // A kiosk behind its desired settings gets `configure` at every join until it acks one (CONTRACT §8).
    void this.track(
      this.commands.execute(new SendKioskConfigOnJoinCommand(socket.data.kiosk.id)),
      `configure on join of kiosk ${socket.data.kiosk.id}`,
    );
    // After the join ack: commands waiting for this kiosk, and those sent before but never answered.
    if (this.config.enabledModules.has('command')) this.delivery.deliverOnJoin(socket);
  }

  private async onCommandAck(
    socket: KioskSocket,
    payload: unknown,
    ack: KioskAck<KioskCommandAckAck> | undefined,
  ): Promise<void> {
    if (!this.admitted(socket, 'kiosk_command_ack', payload, ack)) return;
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

  private async onUpdate(
    socket: KioskSocket,
    payload: unknown,
    ack: KioskAck<KioskUpdateAck> | undefined,
  ): Promise<void> {
    const receivedAt = new Date();
    if (!this.admitted(socket, 'kiosk_update', payload, ack, receivedAt.getTime())) return;
    const parsed = parseKioskUpdate(payload, socket.data.kiosk, receivedAt, this.config.kioskWire.extra);
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
  private async onPayment(
    socket: KioskSocket,
    payload: unknown,
    ack: KioskAck<KioskSaleAck | KioskZReportAck> | undefined,
  ): Promise<void> {
    if (!this.admitted(socket, 'kiosk_payment', payload, ack)) return;
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

  /** Answers a refused message (its ack, or `kiosk_error`) and counts it by code. */
  private refuse(socket: KioskSocket, ack: AnyAck | undefined, error: KioskWireError): void {
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
