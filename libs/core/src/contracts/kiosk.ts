/**
 * Kiosk contracts other modules may use: the status vocabulary, the events the kiosk module
 * publishes, and the queries the gateway and other modules send it.
 */
export const KIOSK_STATUSES = [
  'online',
  'stale',
  'offline',
  'blocked',
  'maintenance',
  'decommissioned',
] as const;
export type KioskStatus = (typeof KIOSK_STATUSES)[number];
export const SELL_CAPABILITIES = ['full', 'card_only', 'cash_only', 'none'] as const;
export type SellCapability = (typeof SELL_CAPABILITIES)[number];
export type CommandedStatus = 'blocked' | 'maintenance';

/** The liveness picture of one kiosk at a moment: what the admin feed and webhooks carry. */
export interface KioskStatusSnapshot {
  kioskId: number;
  status: KioskStatus;
  connected: boolean;
  reporting: boolean;
  peripheralsOk: boolean | null;
  canSell: SellCapability | null;
  at: Date;
}

export class KioskRegisteredEvent {
  constructor(
    readonly kioskId: number,
    readonly serial: string,
  ) {}
}
export class KioskAssignedEvent {
  constructor(
    readonly kioskId: number,
    readonly userId: string | null,
    readonly previousUserId: string | null,
  ) {}
}
/** An admin edited the kiosk's name, location or tags (caches of them elsewhere are stale). */
export class KioskUpdatedEvent {
  constructor(readonly kioskId: number) {}
}
export class KioskDecommissionedEvent {
  constructor(readonly kioskId: number) {}
}
export class KioskSecretRotatedEvent {
  constructor(readonly kioskId: number) {}
}

/** Liveness transitions. Each carries the full snapshot after the change. */
export class KioskConnectedEvent {
  constructor(readonly snapshot: KioskStatusSnapshot) {}
}
export class KioskWentStaleEvent {
  constructor(readonly snapshot: KioskStatusSnapshot) {}
}
export class KioskWentOfflineEvent {
  constructor(readonly snapshot: KioskStatusSnapshot) {}
}
/** Back to `online` from `stale` or `offline`. */
export class KioskCameBackEvent {
  constructor(readonly snapshot: KioskStatusSnapshot) {}
}
/** Any change of status (the four above included): the admin feed's `kiosk_status`. */
export class KioskStatusChangedEvent {
  constructor(
    readonly snapshot: KioskStatusSnapshot,
    readonly previous: KioskStatus,
  ) {}
}

/** The kiosk a socket handshake names, if its secret matches; null otherwise (never says why). */
export class AuthenticateKioskQuery {
  constructor(
    readonly serial: string,
    readonly secret: string,
  ) {}
}
export interface AuthenticatedKiosk {
  id: number;
  serial: string;
}

/** Socket-level liveness, sent by whichever instance holds the socket. */
export class RecordKioskConnectionCommand {
  constructor(
    readonly kioskId: number,
    readonly connectionId: string,
    readonly connected: boolean,
  ) {}
}

/**
 * Who asks, for kiosk visibility: admins see every kiosk; an API key (`kioskTags` set) the kiosks
 * carrying one of its tags; other users the kiosks assigned to them.
 */
export interface KioskViewer {
  id: string;
  role: string;
  kioskTags?: readonly string[];
}

/** Whether a user may see a kiosk (see KioskViewer). */
export class CanUserSeeKioskQuery {
  constructor(
    readonly user: KioskViewer,
    readonly kioskId: number,
  ) {}
}

/**
 * The kiosks a bulk action addresses, as the user may see them: by ids (ids the user may not see, or
 * that do not exist, come back in `missing`) or by tag. Decommissioned kiosks are never targets.
 */
export class ResolveKioskTargetsQuery {
  constructor(
    readonly user: KioskViewer,
    readonly target: { kioskIds?: number[]; tag?: string },
  ) {}
}
export interface ResolvedKioskTargets {
  kioskIds: number[];
  missing: number[];
}

/** The ids of every kiosk a user may see (see KioskViewer). */
export class ListVisibleKioskIdsQuery {
  constructor(readonly user: KioskViewer) {}
}
