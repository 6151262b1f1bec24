import type { AuthenticatedKiosk } from '../kiosk/authenticate-kiosk.query';
import type {
  KioskAckFailure,
  KioskCommandAckAck,
  KioskCommandAckPayload,
  KioskCommandPayload,
  KioskJoinAck,
  KioskJoinPayload,
  KioskSaleAck,
  KioskSalePayload,
  KioskUpdateAck,
  KioskUpdatePayload,
  KioskWireError,
  KioskZReportAck,
  KioskZReportPayload,
} from './kiosk-wire-payloads';

/**
 * The kiosk wire's event maps, both ways, in the shape Socket.IO's generics take
 * (`Namespace<KioskToServerEvents, ServerToKioskEvents, KioskInterServerEvents, KioskSocketData>`
 * on the server, `Socket<ServerToKioskEvents, KioskToServerEvents>` on a kiosk).
 */
export const KIOSK_NAMESPACE = '/kiosks';

/** A kiosk message's acknowledgement: its answer, or why it was refused. */
export type KioskAck<Reply> = (reply: Reply | KioskAckFailure) => void;

/** What a kiosk emits; every message may carry an ack. */
export interface KioskToServerEvents {
  kiosk_join: (payload: KioskJoinPayload, ack: KioskAck<KioskJoinAck>) => void;
  kiosk_update: (payload: KioskUpdatePayload, ack: KioskAck<KioskUpdateAck>) => void;
  kiosk_command_ack: (payload: KioskCommandAckPayload, ack: KioskAck<KioskCommandAckAck>) => void;
  kiosk_payment: (
    payload: KioskSalePayload | KioskZReportPayload,
    ack: KioskAck<KioskSaleAck | KioskZReportAck>,
  ) => void;
}
export type KioskToServerEventName = keyof KioskToServerEvents;

/** What the server emits to a kiosk. */
export interface ServerToKioskEvents {
  kiosk_command: (payload: KioskCommandPayload) => void;
  /** A refused message that had no ack to answer. */
  kiosk_error: (error: KioskWireError) => void;
}

/** Between API instances on the kiosk namespace. */
export interface KioskInterServerEvents {
  /** A kiosk's new socket (id, handshake time): older sockets of that kiosk, wherever they are, go. */
  kiosk_reconnected: (kioskId: number, socketId: string, issuedAt: number) => void;
}

/** What a kiosk socket carries once its handshake authenticated it. */
export interface KioskSocketData {
  kiosk: AuthenticatedKiosk;
  /** Set by `kiosk_join`; every other message is refused (`not_joined`) before it. */
  joined: boolean;
}
