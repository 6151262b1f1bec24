import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '@app/core';

/** Hot-path counters of the kiosk socket: what arrived, what was refused and why, how fast acks go. */
@Injectable()
export class KioskWireMetrics {
  readonly messages: Counter<'event'>;
  readonly errors: Counter<'code'>;
  readonly sockets: Gauge;
  readonly ackSeconds: Histogram;
  /** Packets whose arguments the decoder took away (over the size limit, or binary). */
  readonly refusedPackets: Counter<'reason'>;
  readonly socketsReplaced: Counter;
  readonly rootConnectionsRefused: Counter;
  /** Handshakes refused with `rate_limited`: the kiosk's budget, or its address's failures. */
  readonly handshakesLimited: Counter<'scope'>;
  readonly handshakeLimitErrors: Counter;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.messages = new Counter({
      name: 'kiosk_messages_total',
      help: 'Kiosk socket messages received',
      labelNames: ['event'],
      registers,
    });
    this.errors = new Counter({
      name: 'kiosk_errors_total',
      help: 'Kiosk messages refused, by wire error code',
      labelNames: ['code'],
      registers,
    });
    this.sockets = new Gauge({
      name: 'kiosk_sockets',
      help: 'Kiosk sockets open on this instance',
      registers,
    });
    this.ackSeconds = new Histogram({
      name: 'kiosk_update_ack_seconds',
      help: 'kiosk_update receipt to acknowledgement (reading committed)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.refusedPackets = new Counter({
      name: 'kiosk_refused_packets_total',
      help: 'Kiosk socket.io packets refused before parsing: too_large (whole packet over the limit) or binary (attachments)',
      labelNames: ['reason'],
      registers,
    });
    this.socketsReplaced = new Counter({
      name: 'kiosk_sockets_replaced_total',
      help: 'Older sockets of a kiosk closed because the kiosk connected again (one live socket per kiosk)',
      registers,
    });
    this.rootConnectionsRefused = new Counter({
      name: 'socketio_root_connections_refused_total',
      help: 'Connections to the Socket.IO root namespace "/", which serves nothing',
      registers,
    });
    this.handshakesLimited = new Counter({
      name: 'kiosk_handshakes_rate_limited_total',
      help: 'Kiosk handshakes refused with connect_error rate_limited before authentication: scope kiosk (its serial reconnects too often) or address (too many failed authentications from it)',
      labelNames: ['scope'],
      registers,
    });
    for (const scope of ['kiosk', 'address']) this.handshakesLimited.inc({ scope }, 0);
    this.handshakeLimitErrors = new Counter({
      name: 'kiosk_handshake_limit_errors_total',
      help: 'Kiosk handshakes let through unchecked because the handshake limiter could not reach Redis in time (fail open)',
      registers,
    });
  }
}
