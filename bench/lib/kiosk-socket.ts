import { io, ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import type { KioskCredential } from './protocol';

/**
 * One kiosk's connection as a field unit opens it: websocket only, its own Manager (forceNew), no
 * automatic reconnection (the bench decides when a kiosk comes back).
 */
export function kioskSocket(
  url: string,
  k: KioskCredential,
  extra: Partial<ManagerOptions & SocketOptions> = {},
): Socket {
  return io(`${url}/kiosks`, {
    auth: { serial: k.serial, secret: k.secret },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...extra,
  });
}

/**
 * Runs `one` for the kiosks 50 at a time, each batch after the last has settled, `pauseMs` apart:
 * with 100 ms, 500 connections a second (a fleet reconnecting all at once is another bench).
 */
export async function inBatchesOf50(
  kiosks: KioskCredential[],
  one: (k: KioskCredential) => Promise<void>,
  pauseMs = 0,
): Promise<void> {
  for (let i = 0; i < kiosks.length; i += 50) {
    await Promise.all(kiosks.slice(i, i + 50).map(one));
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
  }
}

/** The `kiosk_command_ack` a unit sends once a command has run. */
export function successAck(c: { command_id: string; command: string }, kioskId: number) {
  return {
    command_id: c.command_id,
    kiosk_id: kioskId,
    command: c.command,
    status: 'success',
    timestamp: new Date().toISOString(),
  };
}
