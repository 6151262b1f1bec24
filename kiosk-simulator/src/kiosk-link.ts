import { io, Socket } from 'socket.io-client';
import { BrokenPayload, KioskUpdatePayload } from '../../libs/kiosk-signals/src';
import type { Kiosk } from './kiosk';
import { OutboxEntry } from './outbox';
import { spoofedSerial } from './scenarios/adversarial';
import { Timer } from './timer-wheel';
import {
  KIOSK_NAMESPACE,
  KioskCommandAckPayload,
  KioskJoinPayload,
  KioskPaymentPayload,
  KioskToServerEvents,
  ServerToKioskEvents,
  errorCodeOf,
  isCommandPayload,
  parseAck,
} from './wire';

export type LinkPhase =
  'idle' | 'connecting' | 'joining' | 'online' | 'waiting' | 'flap_down' | 'restarting' | 'stopped';
type KioskSocket = Socket<ServerToKioskEvents, KioskToServerEvents>;
export type Reading = KioskUpdatePayload | BrokenPayload;
export type Payment = KioskPaymentPayload | BrokenPayload;

/** Answers that mean "try again later", not "this message is wrong". */
const RETRYABLE = new Set(['rate_limited', 'overloaded', 'not_joined']);
/** Consecutive ack timeouts on a live socket before the kiosk gives up on the connection. */
const MAX_SILENT_ACKS = 3;

/**
 * A kiosk's connection: handshake, `kiosk_join`, reconnect with jittered exponential backoff, and
 * draining the kiosk's outboxes with acknowledgements. Each kiosk has its own Manager (`forceNew`),
 * so the server sees one WebSocket per kiosk, as with field units.
 */
export class KioskLink {
  phase: LinkPhase = 'idle';
  private socket: KioskSocket | null = null;
  private readonly connectTimer = new Timer(() => this.connect());
  private readonly readingScratch: OutboxEntry<Reading>[] = [];
  private readonly paymentScratch: OutboxEntry<Payment>[] = [];
  private readonly ackScratch: OutboxEntry<KioskCommandAckPayload>[] = [];
  private epoch = 0;
  private attempts = 0;
  private silentAcks = 0;
  private connected = false;
  private joined = false;
  private everJoined = false;

  constructor(private readonly kiosk: Kiosk) {}

  get online(): boolean {
    return this.phase === 'online';
  }

  connectAfter(delayMs: number): void {
    this.kiosk.env.wheel.arm(this.connectTimer, delayMs);
  }

  connect(): void {
    const p = this.phase;
    if (p === 'stopped' || p === 'connecting' || p === 'joining' || p === 'online' || p === 'restarting')
      return;
    this.kiosk.env.wheel.cancel(this.connectTimer);
    this.phase = 'connecting';
    if (this.socket === null) this.socket = this.createSocket();
    this.socket.connect();
  }

  /** Closes the connection on purpose; `next` keeps the disconnect handler from reconnecting. */
  drop(next: LinkPhase): void {
    this.phase = next;
    this.kiosk.env.wheel.cancel(this.connectTimer);
    this.socket?.disconnect();
  }

  /** Back from a restart or a flap: connect now, backoff forgotten. */
  resume(): void {
    this.phase = 'waiting';
    this.attempts = 0;
    this.connect();
  }

  stop(): void {
    this.drop('stopped');
    this.socket?.removeAllListeners();
  }

  /** Equal jitter: half the delay fixed, half random, so a fleet that lost its server does not stampede. */
  private scheduleReconnect(): void {
    if (this.phase === 'stopped' || this.phase === 'restarting') return;
    this.phase = 'waiting';
    const s = this.kiosk.env.settings;
    const base = Math.min(s.backoffMaxMs, s.backoffBaseMs * 2 ** this.attempts);
    this.attempts = Math.min(this.attempts + 1, 20);
    this.kiosk.env.wheel.arm(this.connectTimer, base / 2 + this.kiosk.rng.next() * (base / 2));
  }

  private createSocket(): KioskSocket {
    const s = this.kiosk.env.settings;
    const socket: KioskSocket = io(`${s.url}${KIOSK_NAMESPACE}`, {
      forceNew: true,
      transports: ['websocket'],
      // Reconnection is ours (backoff on the shared wheel) so restarts and flaps can be scripted.
      reconnection: false,
      autoConnect: false,
      timeout: s.connectTimeoutMs,
      auth: { serial: this.kiosk.serial, secret: this.kiosk.spec.secret },
    });
    socket.on('connect', () => this.onConnect());
    socket.on('connect_error', (err) => this.onConnectError(err));
    socket.on('disconnect', () => this.onDisconnect());
    socket.on('kiosk_command', (payload) => {
      if (isCommandPayload(payload)) this.kiosk.commands.handle(payload);
      else this.kiosk.env.stats.error('bad_command_payload');
    });
    socket.on('kiosk_error', (payload) => this.kiosk.env.stats.kioskError(errorCodeOf(payload)));
    return socket;
  }

  private onConnect(): void {
    const socket = this.socket;
    if (socket === null || this.phase !== 'connecting') return;
    this.phase = 'joining';
    this.epoch++;
    this.connected = true;
    const env = this.kiosk.env;
    env.stats.onConnected();
    const s = env.settings;
    const epoch = this.epoch;
    if (this.kiosk.hasFault('spoof')) {
      const serial = spoofedSerial(this.kiosk.serial, this.kiosk.spec.peerSerial, this.kiosk.rng);
      socket
        .timeout(s.ackTimeoutMs)
        .emit('kiosk_join', { serial, capabilities: s.capabilities }, (err, reply) => {
          const ack = err ? null : parseAck(reply);
          if (ack !== null && !ack.ok) env.stats.error(`join:${ack.error.code}`);
        });
    }
    const join: KioskJoinPayload = {
      serial: this.kiosk.serial,
      capabilities: s.capabilities,
      firmware_version: this.kiosk.firmwareVersion,
    };
    if (this.kiosk.kioskId !== undefined) join.kiosk_id = this.kiosk.kioskId;
    socket.timeout(s.ackTimeoutMs).emit('kiosk_join', join, (err, reply) => {
      if (epoch !== this.epoch || this.phase !== 'joining') return;
      const ack = err ? null : parseAck(reply);
      if (ack === null || !ack.ok) {
        env.stats.error(ack === null ? 'join_timeout' : `join:${ack.error.code}`);
        this.drop('waiting');
        this.scheduleReconnect();
        return;
      }
      if (ack.kiosk_id !== undefined) this.kiosk.kioskId = ack.kiosk_id;
      this.phase = 'online';
      this.attempts = 0;
      this.silentAcks = 0;
      this.joined = true;
      env.stats.joined++;
      if (!this.everJoined) {
        this.everJoined = true;
        env.stats.joinedOnce++;
      }
      // Everything not acknowledged goes out again, oldest first, with its original seq.
      this.kiosk.readings.rewind();
      this.kiosk.payments.rewind();
      this.kiosk.commandAcks.rewind();
      this.kiosk.onOnline();
      this.flush();
    });
  }

  private onConnectError(err: Error): void {
    this.kiosk.env.stats.error(`connect:${err.message}`);
    if (this.phase !== 'connecting') return;
    this.scheduleReconnect();
  }

  private onDisconnect(): void {
    const stats = this.kiosk.env.stats;
    if (this.joined) stats.joined--;
    if (this.connected) stats.onDisconnected();
    this.joined = false;
    this.connected = false;
    if (this.phase === 'joining' || this.phase === 'online') this.scheduleReconnect();
  }

  /** Emits whatever the outboxes hold that this connection has not sent yet. */
  flush(): void {
    const socket = this.socket;
    if (this.phase !== 'online' || socket === null) return;
    const k = this.kiosk;
    const s = k.env.settings;
    const stats = k.env.stats;
    const epoch = this.epoch;
    const now = Date.now();
    for (const e of k.commandAcks.takeSendable(8, this.ackScratch)) {
      k.commandAcks.markInflight(e, epoch, now);
      stats.commandAcksSent++;
      socket.timeout(s.ackTimeoutMs).emit('kiosk_command_ack', e.payload, (err, reply) => {
        if (err) return k.commandAcks.hold(e);
        const ack = parseAck(reply);
        if (ack.ok) stats.commandAcksAcked++;
        else stats.error(`command_ack:${ack.error.code}`);
        k.commandAcks.complete(e);
      });
    }
    for (const e of k.readings.takeSendable(s.maxInflight, this.readingScratch)) {
      k.readings.markInflight(e, epoch, now);
      if (e.emits === 1) {
        stats.readingsSent++;
        k.env.recordGroundTruth?.({
          serial: k.serial,
          seq: e.key,
          simMs: e.simMs,
          label: e.label,
          payload: e.payload,
        });
      } else stats.readingsResent++;
      socket
        .timeout(s.ackTimeoutMs)
        .emit('kiosk_update', e.payload, (err, reply) => this.onReadingAck(e, epoch, err, reply));
    }
    for (const e of k.payments.takeSendable(s.maxInflight, this.paymentScratch)) {
      k.payments.markInflight(e, epoch, now);
      if (e.emits === 1) stats.paymentsSent++;
      else stats.paymentsResent++;
      socket
        .timeout(s.ackTimeoutMs)
        .emit('kiosk_payment', e.payload, (err, reply) => this.onPaymentAck(e, err, reply));
    }
  }

  private onReadingAck(e: OutboxEntry<Reading>, epoch: number, err: Error | null, reply: unknown): void {
    const k = this.kiosk;
    const stats = k.env.stats;
    if (err) {
      k.readings.hold(e);
      // A dead connection fails its pending acks too; only silence on the live one counts.
      if (epoch === this.epoch && this.phase === 'online') this.onSilentAck();
      return;
    }
    this.silentAcks = 0;
    const ack = parseAck(reply);
    if (ack.ok) {
      stats.readingsAcked++;
      if (ack.duplicate === true) stats.readingsDuplicate++;
      stats.latency.record(Date.now() - e.sentAt);
      k.readings.complete(e);
    } else {
      stats.error(ack.error.code);
      if (RETRYABLE.has(ack.error.code)) k.readings.hold(e);
      else {
        stats.readingsRejected++;
        k.readings.complete(e);
      }
    }
    this.flush();
  }

  private onPaymentAck(e: OutboxEntry<Payment>, err: Error | null, reply: unknown): void {
    const k = this.kiosk;
    const stats = k.env.stats;
    if (err) return k.payments.hold(e);
    const ack = parseAck(reply);
    if (ack.ok) {
      stats.paymentsAcked++;
      if (ack.duplicate === true) stats.paymentsDuplicate++;
      k.payments.complete(e);
    } else {
      stats.error(`payment:${ack.error.code}`);
      if (RETRYABLE.has(ack.error.code)) k.payments.hold(e);
      else {
        stats.paymentsRejected++;
        k.payments.complete(e);
      }
    }
  }

  /** Repeated silence on a live socket means a half-dead connection: start over, as a unit would. */
  private onSilentAck(): void {
    this.kiosk.env.stats.error('ack_timeout');
    if (++this.silentAcks >= MAX_SILENT_ACKS) {
      this.silentAcks = 0;
      this.drop('waiting');
      this.scheduleReconnect();
    }
  }
}
