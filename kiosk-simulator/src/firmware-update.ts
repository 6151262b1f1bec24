import { SeededRng } from '../../libs/kiosk-signals/src';

/**
 * What becomes of an `update` on one kiosk: `installed` (acks success, reboots, rejoins on the new
 * version), `failed` (acks error, keeps running the old version) or `stale` (acks success, reboots,
 * but the boot loader falls back and the kiosk rejoins on the old version — the case a rollout must
 * catch by the version reported on join, not by the ack).
 */
export type UpdateFate = 'installed' | 'failed' | 'stale';

export interface UpdateRates {
  /** Share of updates that fail (ack `error`), [0, 1]. */
  failure: number;
  /** Share that ack `success` but come back on the old version, [0, 1]; failure + stale ≤ 1. */
  stale: number;
}

/**
 * Decided by (seed, serial, version) alone, not by the kiosk's behaviour stream: a rollout replayed
 * with the same seed fails on the same kiosks whatever the order in which commands arrived.
 */
export function updateFate(seed: string, serial: string, version: string, rates: UpdateRates): UpdateFate {
  const u = new SeededRng(seed).fork(`update:${serial}:${version}`).next();
  if (u < rates.failure) return 'failed';
  if (u < rates.failure + rates.stale) return 'stale';
  return 'installed';
}

/** Why the simulated unit refuses an update; what a field unit's updater says. */
export const UPDATE_FAILURE_REASON = 'firmware image checksum mismatch';

/** The version a successful update without `params.version` installs (older servers send none). */
export function bumpPatch(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return m ? `${m[1]}.${m[2]}.${Number(m[3]) + 1}` : `${version}.1`;
}

/** The longest version string a kiosk accepts (semver with pre-release and build fit easily). */
export const MAX_VERSION_LENGTH = 64;

/** `params.version` checked: undefined when absent, an error message when unusable. */
export function requestedVersion(params: Record<string, unknown> | null | undefined): {
  version?: string;
  error?: string;
} {
  const v = params?.version;
  if (v === undefined || v === null) return {};
  if (typeof v !== 'string') return { error: 'params.version must be a string' };
  if (v.length === 0 || v.length > MAX_VERSION_LENGTH || !/^[\x21-\x7e]+$/.test(v)) {
    return { error: `params.version must be 1–${MAX_VERSION_LENGTH} printable ASCII characters` };
  }
  return { version: v };
}
