import { randomBytes } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import { API, TestApp } from './test-app';

export interface RegisteredKiosk {
  id: number;
  serial: string;
  secret: string;
  code: string;
}

/** Registers a kiosk through the API as admin. */
export async function registerKiosk(
  t: TestApp,
  overrides: Partial<{ serial: string; name: string; tags: string[] }> = {},
): Promise<RegisteredKiosk> {
  const serial = overrides.serial ?? `T-${randomBytes(4).toString('hex').toUpperCase()}`;
  const res = await t
    .http()
    .post(`${API}/kiosks`)
    .set((await t.admin()).auth)
    .send({
      serial,
      name: overrides.name ?? `Kiosk ${serial}`,
      location: { lat: -34.6, lng: -58.38 },
      tags: overrides.tags ?? [],
    });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.kiosk.id, serial, secret: res.body.secret, code: res.body.kiosk.code };
}

/** Assigns the kiosk to the user (as admin). */
export async function assign(t: TestApp, k: RegisteredKiosk, user: { id: string }): Promise<void> {
  const res = await t
    .http()
    .post(`${API}/kiosks/assign`)
    .set((await t.admin()).auth)
    .send({ code: k.code, userId: user.id });
  if (res.status !== 200) throw new Error(`assign failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A real socket.io-client connection to the kiosk namespace; resolves once connected (or rejects with the connect_error). */
export function connectKiosk(t: TestApp, auth: { serial: string; secret: string }): Promise<Socket> {
  const socket = io(`${t.baseUrl}/kiosks`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
}

/**
 * A connected, joined kiosk socket. Given `sockets`, the socket is added to it as soon as it is
 * connected, so the caller closes it even when the join fails.
 */
export async function joinedKiosk(t: TestApp, k: RegisteredKiosk, sockets?: Socket[]): Promise<Socket> {
  const socket = await connectKiosk(t, k);
  sockets?.push(socket);
  await emitWithAck(socket, 'kiosk_join', {});
  return socket;
}

export function emitWithAck<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  payload: unknown,
  timeoutMs = 5000,
): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}

export function kioskUpdate(
  seq: number | undefined,
  overrides: Record<string, unknown> = {},
  at = new Date(),
) {
  return {
    timestamp: at.toISOString(),
    ...(seq === undefined ? {} : { seq }),
    environmental: { temperature: 24.1, humidity: 51.0, air_quality: 37.5 },
    hardware: { cpu_temp: 55.2, cpu_usage: 41.0, ram_usage: 63.2, disk_usage: 71.9 },
    peripherals: { printer_status: 'ready', cash_acceptor: 'ready', card_reader: 'ready' },
    location: { lat: -34.6037, lng: -58.3816, accuracy: 4.2 },
    network: { latency: 80.5, signal_strength: -61.0 },
    ...overrides,
  };
}

/** Polls until `check` passes (or the time runs out, then throws its last error). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}
