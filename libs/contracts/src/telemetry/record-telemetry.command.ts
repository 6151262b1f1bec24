import type { TelemetryReading } from './telemetry-reading';

/**
 * Stores one reading; resolves only once it is committed (the gateway acks then). Rejects with a
 * DomainError of kind `invalid` (details name the field) when the store can never hold the reading,
 * which is permanent: the kiosk hears `invalid_payload`. Kind `overloaded` is only ever transient.
 */
export class RecordTelemetryCommand {
  constructor(readonly reading: TelemetryReading) {}
}

/** What storing one reading came to. `duplicate`: the same (kiosk, seq, timestamp) was stored before. */
export interface RecordTelemetryResult {
  stored: boolean;
  duplicate: boolean;
}
