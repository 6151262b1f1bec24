/**
 * The kiosk wire protocol (CONTRACT.md §3), as the field units speak it: namespace `/kiosks`,
 * snake_case payloads. The event names come from the wire contract (libs/contracts, types only);
 * the payloads are declared here, tolerant of what a server may send, because the simulator is a
 * client and must keep working against any server that honours the contract. The readings and
 * sales themselves are shaped by the shared signal models (libs/kiosk-signals).
 */
import {
  BrokenPayload,
  KioskId,
  KioskUpdatePayload,
  PaymentItem,
  PaymentMethod,
  PaymentStatus,
} from '../../libs/kiosk-signals/src';
// Types only: the simulator shares the wire's event names with the backend, and nothing at runtime.
import type {
  KioskToServerEventName,
  ServerToKioskEvents as ContractServerToKioskEvents,
} from '../../libs/contracts/src';

export const KIOSK_NAMESPACE = '/kiosks';

export type CommandName = 'block' | 'unblock' | 'restart' | 'update' | 'maintenance' | 'refund' | 'configure';
export type CommandAckStatus = 'processing' | 'success' | 'error';

export const COMMAND_NAMES: readonly CommandName[] = [
  'block',
  'unblock',
  'restart',
  'update',
  'maintenance',
  'refund',
  // CONTRACT §8 "Remote configuration": params { version: int, settings: object ≤ 8 KB }.
  'configure',
];

/** `configure` params as the contract states them (CONTRACT §8); checked before use, never trusted. */
export interface ConfigureParams {
  version: number;
  settings: Record<string, unknown>;
}

/** `update` params of a rollout (CONTRACT §8 "Rollouts"): the kiosk reads `version` only. */
export interface UpdateParams {
  version?: string;
  url?: string;
  sha256?: string;
}

/** Error codes a server may answer with (§5 "Wire validation"). */
export type WireErrorCode =
  | 'invalid_payload'
  | 'payload_too_large'
  | 'rate_limited'
  | 'overloaded'
  | 'serial_mismatch'
  | 'not_joined'
  | 'unknown_command';

export interface KioskAuth {
  serial: string;
  secret: string;
}

export interface KioskCapabilities {
  sensors: string[];
  peripherals: string[];
  features: string[];
}

export interface KioskJoinPayload {
  kiosk_id?: KioskId;
  serial: string;
  capabilities: KioskCapabilities;
  firmware_version?: string;
}

export interface KioskCommandAckPayload {
  command_id?: KioskId;
  kiosk_id: KioskId;
  command: string;
  status: CommandAckStatus;
  error?: string;
  timestamp: string;
}

export interface KioskPaymentPayload {
  transaction_id: string;
  amount: string;
  currency: string;
  method: PaymentMethod;
  status: PaymentStatus;
  timestamp: string;
  items?: PaymentItem[];
}

export interface KioskCommandPayload {
  /** Always sent by a conforming server; tolerated missing so the kiosk can still answer by name. */
  command_id?: KioskId;
  kiosk_id: KioskId;
  command: string;
  params?: Record<string, unknown> | null;
  timestamp: string;
  expires_at: string;
}

export interface WireError {
  code: string;
  message: string;
  details?: unknown;
}

export interface AckSuccess {
  ok: true;
  kiosk_id?: KioskId;
  server_time?: string;
  telemetry_interval_sec?: number;
  duplicate?: boolean;
  payment_id?: KioskId;
}

export interface AckFailure {
  ok: false;
  error: WireError;
}

export type AckReply = AckSuccess | AckFailure;

export type AckCallback = (reply: unknown) => void;

/**
 * What this kiosk sends under each event name of the wire contract (libs/contracts: the names are
 * the contract's, so a renamed event breaks this build). The payloads are the simulator's own: it
 * sends broken ones on purpose in adversarial scenarios.
 */
interface SentPayloads {
  kiosk_join: KioskJoinPayload | BrokenPayload;
  kiosk_update: KioskUpdatePayload | BrokenPayload;
  kiosk_command_ack: KioskCommandAckPayload;
  kiosk_payment: KioskPaymentPayload | BrokenPayload;
}

/** Events the kiosk emits; every one carries an acknowledgement callback. */
export type KioskToServerEvents = {
  [E in KioskToServerEventName]: (payload: SentPayloads[E], ack: AckCallback) => void;
};

/**
 * The contract's server events, received as unknown: the server is not ours to trust, so each
 * payload is checked (isCommandPayload, errorCodeOf) before use.
 */
export type ServerToKioskEvents = { [E in keyof ContractServerToKioskEvents]: (payload: unknown) => void };

/**
 * Replies come from a server we do not control, so they are checked instead of trusted. Anything that
 * is not a recognisable ack is reported as a failure with code `bad_ack`.
 */
export function parseAck(reply: unknown): AckReply {
  if (typeof reply === 'object' && reply !== null && 'ok' in reply) {
    const record = reply as Record<string, unknown>;
    if (record.ok === true) return record as unknown as AckSuccess;
    if (record.ok === false) {
      const error = record.error;
      if (typeof error === 'object' && error !== null) {
        const e = error as Record<string, unknown>;
        return {
          ok: false,
          error: {
            code: typeof e.code === 'string' ? e.code : 'unknown',
            message: typeof e.message === 'string' ? e.message : '',
            details: e.details,
          },
        };
      }
      return { ok: false, error: { code: 'unknown', message: 'ack without error object' } };
    }
  }
  return { ok: false, error: { code: 'bad_ack', message: 'reply is not an ack object' } };
}

export function isCommandPayload(value: unknown): value is KioskCommandPayload {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const id = v.command_id;
  return (
    typeof v.command === 'string' && (id === undefined || typeof id === 'number' || typeof id === 'string')
  );
}

export function errorCodeOf(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    const code = (value as Record<string, unknown>).code;
    if (typeof code === 'string') return code;
  }
  return 'unknown';
}
