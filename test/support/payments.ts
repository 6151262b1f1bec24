import { randomBytes } from 'node:crypto';
import Bull from 'bull';
import { io, Socket } from 'socket.io-client';
import type { DomainModuleDescriptor } from '@app/core';
import { API_DOMAIN_MODULES } from '../../apps/api/src/domain-modules';
import { emitWithAck, joinedKiosk, RegisteredKiosk, registerKiosk } from './kiosks';
import { Session, TEST_REDIS_URL, TestApp } from './test-app';

export type PaymentAck = {
  ok: boolean;
  payment_id?: string;
  duplicate?: boolean;
  error?: { code: string; message: string; details?: Array<{ field: string; message: string }> };
};

/** A kiosk_payment sale with sensible defaults. */
export function sale(overrides: Record<string, unknown> = {}) {
  return {
    transaction_id: `TX-${randomBytes(6).toString('hex')}`,
    amount: '12.50',
    currency: 'USD',
    method: 'cash',
    status: 'completed',
    timestamp: new Date().toISOString(),
    ...overrides,
  };
}

/** A command as the kiosk receives it (`kiosk_command`). */
export interface WireCommand {
  command_id: string;
  kiosk_id: number;
  command: string;
  params: Record<string, unknown>;
}

/**
 * A connected, joined kiosk (registered anew unless given) that records the commands it receives;
 * its socket is added to `sockets` for the caller to close.
 */
export async function recordingKiosk(t: TestApp, sockets: Socket[], k?: RegisteredKiosk) {
  const kiosk = k ?? (await registerKiosk(t));
  const socket = await joinedKiosk(t, kiosk);
  sockets.push(socket);
  const commands: WireCommand[] = [];
  socket.on('kiosk_command', (c: WireCommand) => commands.push(c));
  return { kiosk, socket, commands };
}

export const pay = (socket: Socket, payload: unknown) =>
  emitWithAck<PaymentAck>(socket, 'kiosk_payment', payload);

/** The app's notifications queue, read straight from Redis. */
export function notificationsQueue(t: TestApp): Bull.Queue {
  return new Bull('notifications', { redis: TEST_REDIS_URL, prefix: `${t.config.redis.keyPrefix}bull` });
}

/** A real socket.io-client on the admin feed that records payment_recorded events. */
export async function paymentFeed(
  t: TestApp,
  session: Session,
): Promise<{ socket: Socket; payments: Array<Record<string, unknown>> }> {
  const socket = io(`${t.baseUrl}/admin`, {
    auth: { token: session.accessToken },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const payments: Array<Record<string, unknown>> = [];
  socket.on('payment_recorded', (p: Record<string, unknown>) => payments.push(p));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, payments };
}

/**
 * The domain modules payments need (and only those): these tests stay about payments whatever
 * state the other modules are in.
 */
export function paymentDomainModules(): readonly DomainModuleDescriptor[] {
  const needed = new Set(['kiosk', 'telemetry', 'command', 'payment']);
  return API_DOMAIN_MODULES.filter((m) => needed.has(m.name));
}
