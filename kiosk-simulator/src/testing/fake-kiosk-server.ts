import { RequestListener, createServer, Server as HttpServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Server, Socket } from 'socket.io';
import { KIOSK_NAMESPACE } from '../wire';

/**
 * A stand-in for the backend's `/kiosks` namespace, as CONTRACT.md §3 describes it: handshake auth,
 * join, acks, duplicate seq, serial checks. Used by the protocol tests and the CPU measurement; it
 * is not the backend, only what a kiosk can observe of it.
 */
export interface FakeServerOptions {
  /** serial → secret; when absent any credentials are accepted. */
  secrets?: Map<string, string>;
  /** Keep every message (tests); off for load measurements. */
  record?: boolean;
  /** Return false to store a kiosk_update but leave it unanswered (the ack is lost on the way back). */
  ackUpdate?: (serial: string, payload: Record<string, unknown>) => boolean;
  telemetryIntervalSec?: number;
  /** Serves REST on the same port (e.g. createFakeRest), as the real backend does. */
  rest?: RequestListener;
}

export interface Received<T = Record<string, unknown>> {
  serial: string;
  payload: T;
  at: number;
}

type Ack = (reply: unknown) => void;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The checks a kiosk can trip; a real server checks more, this is enough to answer like one. */
export function validateUpdate(p: unknown): string | null {
  if (!isObject(p)) return 'payload is not an object';
  if (typeof p.timestamp !== 'string' || Number.isNaN(Date.parse(p.timestamp))) return 'timestamp';
  if (p.seq !== undefined && (typeof p.seq !== 'number' || !Number.isInteger(p.seq))) return 'seq';
  const ranges: Record<string, Record<string, [number, number]>> = {
    environmental: { temperature: [-40, 85], humidity: [0, 100], air_quality: [0, 500] },
    hardware: { cpu_temp: [-20, 120], cpu_usage: [0, 100], ram_usage: [0, 100], disk_usage: [0, 100] },
    location: { lat: [-90, 90], lng: [-180, 180], accuracy: [0, Infinity] },
    network: { latency: [0, 60000], signal_strength: [-150, 0] },
  };
  for (const [section, fields] of Object.entries(ranges)) {
    const s = p[section];
    if (!isObject(s)) return section;
    for (const [field, [min, max]] of Object.entries(fields)) {
      const v = s[field];
      if (typeof v !== 'number' || v < min || v > max) return `${section}.${field}`;
    }
  }
  const per = p.peripherals;
  if (!isObject(per)) return 'peripherals';
  if (!['ready', 'low_ink', 'paper_jam', 'offline'].includes(String(per.printer_status)))
    return 'printer_status';
  if (!['ready', 'full', 'error'].includes(String(per.cash_acceptor))) return 'cash_acceptor';
  if (!['ready', 'error'].includes(String(per.card_reader))) return 'card_reader';
  return null;
}

export class FakeKioskServer {
  readonly updates: Received[] = [];
  readonly joins: Received[] = [];
  readonly commandAcks: Received[] = [];
  readonly payments: Received[] = [];
  readonly handshakes: { serial: unknown; ok: boolean; at: number }[] = [];
  private readonly sockets = new Map<string, Socket>();
  private readonly seen = new Map<string, Set<number>>();
  private readonly joined = new Set<string>();
  private nextKioskId = 1;
  private nextCommandId = 1;
  private readonly kioskIds = new Map<string, number>();
  updatesAcked = 0;

  private constructor(
    private readonly http: HttpServer,
    private readonly io: Server,
    readonly port: number,
    private readonly options: FakeServerOptions,
  ) {}

  static async start(options: FakeServerOptions = {}): Promise<FakeKioskServer> {
    const http = options.rest ? createServer(options.rest) : createServer();
    const io = new Server(http, { transports: ['websocket'], maxHttpBufferSize: 1e6 });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const server = new FakeKioskServer(http, io, (http.address() as AddressInfo).port, options);
    server.attach();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private attach(): void {
    const nsp = this.io.of(KIOSK_NAMESPACE);
    nsp.use((socket, next) => {
      const auth = socket.handshake.auth as Record<string, unknown>;
      const serial = auth.serial;
      const ok =
        typeof serial === 'string' &&
        typeof auth.secret === 'string' &&
        (this.options.secrets === undefined || this.options.secrets.get(serial) === auth.secret);
      this.handshakes.push({ serial, ok, at: Date.now() });
      next(ok ? undefined : new Error('unauthorized'));
    });
    nsp.on('connection', (socket) => this.onConnection(socket));
  }

  private onConnection(socket: Socket): void {
    const serial = (socket.handshake.auth as Record<string, string>).serial;
    this.sockets.set(serial, socket);
    const record = this.options.record !== false;
    const at = () => Date.now();
    const fail = (ack: unknown, code: string, message: string) => {
      if (typeof ack === 'function') (ack as Ack)({ ok: false, error: { code, message } });
      else socket.emit('kiosk_error', { code, message });
    };
    socket.on('kiosk_join', (payload: unknown, ack: unknown) => {
      if (record) this.joins.push({ serial, payload: payload as Record<string, unknown>, at: at() });
      if (!isObject(payload) || (payload.serial !== undefined && payload.serial !== serial)) {
        return fail(ack, isObject(payload) ? 'serial_mismatch' : 'invalid_payload', 'bad join');
      }
      this.joined.add(socket.id);
      if (!this.kioskIds.has(serial)) this.kioskIds.set(serial, this.nextKioskId++);
      if (typeof ack === 'function') {
        (ack as Ack)({
          ok: true,
          kiosk_id: this.kioskIds.get(serial),
          server_time: new Date().toISOString(),
          telemetry_interval_sec: this.options.telemetryIntervalSec ?? 5,
        });
      }
    });
    socket.on('kiosk_update', (payload: unknown, ack: unknown) => {
      if (!this.joined.has(socket.id)) return fail(ack, 'not_joined', 'join first');
      if (record) this.updates.push({ serial, payload: payload as Record<string, unknown>, at: at() });
      if (JSON.stringify(payload).length > 16 * 1024) return fail(ack, 'payload_too_large', 'over 16 KB');
      const invalid = validateUpdate(payload);
      if (invalid !== null) return fail(ack, 'invalid_payload', invalid);
      const p = payload as Record<string, unknown>;
      if (p.serial !== undefined && p.serial !== serial)
        return fail(ack, 'serial_mismatch', 'not your serial');
      let duplicate = false;
      if (typeof p.seq === 'number') {
        let set = this.seen.get(serial);
        if (!set) this.seen.set(serial, (set = new Set()));
        duplicate = set.has(p.seq);
        set.add(p.seq);
      }
      // Stored, but the ack is lost on the way back: the kiosk must resend and be told "duplicate".
      if (this.options.ackUpdate && !this.options.ackUpdate(serial, p)) return;
      this.updatesAcked++;
      if (typeof ack === 'function') (ack as Ack)(duplicate ? { ok: true, duplicate: true } : { ok: true });
    });
    socket.on('kiosk_command_ack', (payload: unknown, ack: unknown) => {
      if (record) this.commandAcks.push({ serial, payload: payload as Record<string, unknown>, at: at() });
      if (typeof ack === 'function') (ack as Ack)({ ok: true });
    });
    socket.on('kiosk_payment', (payload: unknown, ack: unknown) => {
      if (record) this.payments.push({ serial, payload: payload as Record<string, unknown>, at: at() });
      if (typeof ack === 'function') (ack as Ack)({ ok: true, payment_id: this.payments.length });
    });
    socket.on('disconnect', () => {
      this.joined.delete(socket.id);
      if (this.sockets.get(serial) === socket) this.sockets.delete(serial);
    });
  }

  isConnected(serial: string): boolean {
    return this.sockets.get(serial)?.connected === true;
  }

  connectedCount(): number {
    return this.sockets.size;
  }

  /** Pushes a `kiosk_command` to a connected kiosk; returns its command_id. */
  sendCommand(
    serial: string,
    command: string,
    params: Record<string, unknown> = {},
    commandId?: number,
  ): number {
    const socket = this.sockets.get(serial);
    if (!socket) throw new Error(`${serial} is not connected`);
    const id = commandId ?? this.nextCommandId++;
    const now = Date.now();
    socket.emit('kiosk_command', {
      command_id: id,
      kiosk_id: this.kioskIds.get(serial) ?? 0,
      command,
      params,
      timestamp: new Date(now).toISOString(),
      expires_at: new Date(now + 120_000).toISOString(),
    });
    return id;
  }

  /** Drops a kiosk's connection from the server side, as a restart or a network cut would. */
  kick(serial: string): void {
    this.sockets.get(serial)?.disconnect(true);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
    if (this.http.listening) await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
