import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io, Socket } from 'socket.io-client';
import type { KioskCredential } from './protocol';

/*
 * The fault suite's two witnesses outside the system: kiosks that count every command they run
 * (by command_id), and the webhook receiver an integrator runs (by X-Webhook-Id).
 */

type CommandState = 'unconfirmed' | 'confirmed';

interface CommandMsg {
  command_id: string;
  command: string;
}

/**
 * Kiosks that run every command they are sent and answer `success`, reconnecting like field units.
 * A command delivered again before the server confirmed its final ack is a legitimate redelivery
 * (the unit repeats its ack); one delivered again after the server confirmed it is run a second
 * time, as a unit that rebooted and forgot it would: that is what `doubleRuns` counts.
 */
export class CommandKiosks {
  private readonly sockets: Socket[] = [];
  private readonly state = new Map<string, CommandState>();
  private readonly runs = new Map<string, number>();

  constructor(
    private readonly url: string,
    private readonly kiosks: KioskCredential[],
  ) {}

  connected(): number {
    return this.sockets.filter((s) => s.connected).length;
  }

  start(): void {
    for (const k of this.kiosks) {
      const s = io(`${this.url}/kiosks`, {
        auth: { serial: k.serial, secret: k.secret },
        transports: ['websocket'],
        forceNew: true,
        reconnectionDelay: 1000,
        reconnectionDelayMax: 5000,
      });
      const unconfirmed = new Map<string, CommandMsg>();
      const ack = (c: CommandMsg) => {
        const payload = {
          command_id: c.command_id,
          kiosk_id: k.id,
          command: c.command,
          status: 'success',
          timestamp: new Date().toISOString(),
        };
        s.timeout(5000).emit('kiosk_command_ack', payload, (err: Error | null, reply?: { ok?: boolean }) => {
          if (err || reply?.ok !== true) return; // resent after the next join
          unconfirmed.delete(c.command_id);
          this.state.set(c.command_id, 'confirmed');
        });
      };
      s.on('connect', () => {
        s.timeout(10_000).emit('kiosk_join', {}, () => {
          for (const c of unconfirmed.values()) ack(c);
        });
      });
      s.on('kiosk_command', (c: CommandMsg) => {
        const seen = this.state.get(c.command_id);
        if (seen === 'unconfirmed') return ack(c);
        this.runs.set(c.command_id, (this.runs.get(c.command_id) ?? 0) + 1);
        this.state.set(c.command_id, 'unconfirmed');
        unconfirmed.set(c.command_id, c);
        ack(c);
      });
      this.sockets.push(s);
    }
  }

  /** Commands run at least once among `ids`, and runs beyond the first. */
  tally(ids: readonly string[]): { executed: number; doubleRuns: number } {
    let executed = 0;
    let doubleRuns = 0;
    for (const id of ids) {
      const n = this.runs.get(id) ?? 0;
      if (n > 0) executed++;
      if (n > 1) doubleRuns += n - 1;
    }
    return { executed, doubleRuns };
  }

  /** Every run beyond the first, whichever phase issued the command. */
  totalDoubleRuns(): number {
    let n = 0;
    for (const runs of this.runs.values()) if (runs > 1) n += runs - 1;
    return n;
  }

  close(): void {
    for (const s of this.sockets) s.close();
    this.sockets.length = 0;
  }
}

/** An integrator's endpoint: notes every event id it received (answers 200 after `delayMs`). */
export class WebhookReceiver {
  readonly received = new Set<string>();
  /** Deliveries per event id. */
  readonly counts = new Map<string, number>();
  private server: Server | null = null;
  url = '';

  constructor(private readonly delayMs = 0) {}

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const id = req.headers['x-webhook-id'];
        const done = () => {
          if (typeof id === 'string') {
            this.received.add(id);
            this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
          }
          res.writeHead(200).end();
        };
        if (this.delayMs > 0) setTimeout(done, this.delayMs);
        else done();
      });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
