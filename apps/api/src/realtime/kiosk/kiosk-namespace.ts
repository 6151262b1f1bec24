import type { Namespace, Socket } from 'socket.io';
import type {
  KioskInterServerEvents,
  KioskSocketData,
  KioskToServerEvents,
  ServerToKioskEvents,
} from '@app/contracts';
import type { TokenBucket } from './token-bucket';

/**
 * The kiosk events as they arrive: the contract's names, but every argument unknown, because a
 * kiosk may send anything under a name. The gateway parses each payload (kiosk-wire.ts) and checks
 * that the ack is a function before believing the contract's types.
 */
type AsReceived<Events> = { [E in keyof Events]: (...args: unknown[]) => void };

/** What the gateway keeps on a kiosk socket besides what the contract says every socket carries. */
export interface KioskGatewaySocketData extends KioskSocketData {
  bucket: TokenBucket;
  /** Settles once the connection is recorded, so the disconnect is never recorded before it. */
  connected: Promise<void>;
  /**
   * Commands emitted on this connection. A join redelivers the kiosk's `sent` commands, but not
   * these: one issued between the connect and the join's claim already arrived on this socket.
   */
  commandsEmitted: Set<string>;
}

/** The `/kiosks` namespace, typed by the kiosk wire's event maps (libs/contracts). */
export type KioskNamespace = Namespace<
  AsReceived<KioskToServerEvents>,
  ServerToKioskEvents,
  KioskInterServerEvents,
  KioskGatewaySocketData
>;
export type KioskSocket = Socket<
  AsReceived<KioskToServerEvents>,
  ServerToKioskEvents,
  KioskInterServerEvents,
  KioskGatewaySocketData
>;
