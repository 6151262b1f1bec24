import { randomBytes } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import type { RolloutHold, RolloutWaveView } from '@app/contracts';
import { RegisteredKiosk } from './kiosks';
import { API, Session, TestApp } from './test-app';

export const SHA = 'ab'.repeat(32);
export const FROM_VERSION = '2.3.0';
export const TO_VERSION = '2.4.0';

/** A valid create body; `overrides` replace top-level fields. */
export function rolloutBody(target: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  return {
    name: `rollout ${randomBytes(3).toString('hex')}`,
    command: 'update',
    params: { version: TO_VERSION, url: 'https://updates.example.com/kiosk-2.4.0.img', sha256: SHA },
    target,
    waves: [10, 30, 60],
    failureThreshold: 0.2,
    waitSeconds: 0,
    ...overrides,
  };
}

/** Registers a kiosk at one of several sites (each site its own address), tagged `tag`. */
export async function registerSiteKiosk(t: TestApp, site: number, tag: string): Promise<RegisteredKiosk> {
  const serial = `R-${randomBytes(4).toString('hex').toUpperCase()}`;
  const res = await t
    .http()
    .post(`${API}/kiosks`)
    .set((await t.admin()).auth)
    .send({
      serial,
      name: `Kiosk ${serial}`,
      location: { lat: -34.6 + site / 10, lng: -58.38, address: `Site ${site}` },
      tags: [tag],
    });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.kiosk.id, serial, secret: res.body.secret, code: res.body.kiosk.code };
}

export type UpdateOutcome = 'succeed' | 'error' | 'old_version' | 'vanish';

interface WireCommand {
  command_id: string;
  kiosk_id: number;
  command: string;
  params: Record<string, unknown>;
}

/**
 * A kiosk speaking the raw wire that answers `update` like firmware would: `succeed` acks success,
 * restarts (closes its socket) and rejoins reporting the new version; `error` acks error;
 * `old_version` acks success but comes back on its old version; `vanish` acks success and never
 * comes back. An `error` ack carries `errorMessage`, or no `error` field when that is undefined.
 */
export class UpdatingKiosk {
  socket: Socket | undefined;
  version = FROM_VERSION;
  readonly updates: WireCommand[] = [];
  errorMessage: string | undefined = 'checksum mismatch';
  private retired = false;

  constructor(
    private readonly baseUrl: () => string,
    readonly kiosk: RegisteredKiosk,
    public outcome: UpdateOutcome = 'succeed',
  ) {}

  /** Connects and joins with its current version; resolves once the join is acknowledged. */
  async connect(): Promise<void> {
    const socket = io(`${this.baseUrl()}/kiosks`, {
      auth: { serial: this.kiosk.serial, secret: this.kiosk.secret },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    this.socket = socket;
    socket.on('kiosk_command', (c: WireCommand) => {
      if (c.command === 'update') void this.onUpdate(socket, c);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    await socket.timeout(5000).emitWithAck('kiosk_join', { firmware_version: this.version });
  }

  close(): void {
    this.socket?.close();
    this.socket = undefined;
  }

  /** Closes for good: an update still being applied does not reconnect afterwards. */
  retire(): void {
    this.retired = true;
    this.close();
  }

  private async onUpdate(socket: Socket, c: WireCommand): Promise<void> {
    this.updates.push(c);
    const status = this.outcome === 'error' ? 'error' : 'success';
    await socket.timeout(5000).emitWithAck('kiosk_command_ack', {
      command_id: c.command_id,
      kiosk_id: c.kiosk_id,
      command: c.command,
      status,
      timestamp: new Date().toISOString(),
      ...(status === 'error' && this.errorMessage !== undefined && { error: this.errorMessage }),
    });
    if (status === 'error') return;
    // "Restart" on the new image: a new connection that joins on the version the update left.
    if (this.outcome === 'succeed') this.version = String(c.params.version);
    this.close();
    if (this.outcome === 'vanish') return;
    await new Promise((r) => setTimeout(r, 30));
    if (!this.retired) await this.connect();
  }
}

export interface RolloutView {
  id: string;
  status: string;
  reason: string | null;
  currentWave: number | null;
  heldBy: RolloutHold | null;
  kiosks: number;
  waves: RolloutWaveView[];
}

export async function getRollout(t: TestApp, id: string, session?: Session): Promise<RolloutView> {
  const res = await t
    .http()
    .get(`${API}/rollouts/${id}`)
    .set((session ?? (await t.admin())).auth)
    .expect(200);
  return res.body as RolloutView;
}

export async function rolloutAction(t: TestApp, id: string, action: string, expectStatus = 200) {
  return t
    .http()
    .post(`${API}/rollouts/${id}/${action}`)
    .set((await t.admin()).auth)
    .expect(expectStatus);
}
