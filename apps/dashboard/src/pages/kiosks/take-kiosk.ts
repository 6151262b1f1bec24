import { KioskFleetApiError } from '@kiosk-fleet/sdk';

/**
 * The claim code in a scanned QR, or null when the QR holds something else (a URL, a Wi-Fi login…).
 * Kiosk QRs encode the bare code (10 characters of an unambiguous alphabet today); the check is
 * looser than that so a longer code format would still pass and the server stays the judge.
 */
export function claimCodeFrom(text: string): string | null {
  const code = text.trim();
  return /^[0-9A-Za-z_-]{6,64}$/.test(code) ? code : null;
}

/** An i18n key (under `kiosks:take.errors`) for a failed POST /kiosks/assign. */
export function assignErrorKey(err: unknown): string {
  if (!(err instanceof KioskFleetApiError)) return 'network';
  switch (err.statusCode) {
    case 404:
      return 'unknownCode';
    case 409:
      return 'alreadyAssigned';
    case 403:
      return 'forbidden';
    case 429:
      return 'rateLimited';
    default:
      return 'failed';
  }
}

/** An i18n key for a camera that could not start (getUserMedia's DOMException names). */
export function cameraErrorKey(err: unknown): string {
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'cameraDenied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'noCamera';
  if (name === 'NotReadableError') return 'cameraBusy';
  return 'cameraFailed';
}
