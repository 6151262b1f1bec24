import { KioskFleetApiError } from '@kiosk-fleet/sdk';
import { describe, expect, it } from 'vitest';
import { assignErrorKey, cameraErrorKey, claimCodeFrom } from './take-kiosk';

const apiError = (statusCode: number) =>
  new KioskFleetApiError({
    statusCode,
    error: 'x',
    message: 'x',
    method: 'POST',
    url: '/api/v1/kiosks/assign',
  });

describe('taking a kiosk by QR', () => {
  it('reads a claim code and refuses other QR contents', () => {
    expect(claimCodeFrom(' K7QF3M9XCA\n')).toBe('K7QF3M9XCA');
    expect(claimCodeFrom('https://example.com/x')).toBeNull();
    expect(claimCodeFrom('WIFI:S:cafe;;')).toBeNull();
    expect(claimCodeFrom('')).toBeNull();
  });

  it('explains each refusal of the assignment', () => {
    expect(assignErrorKey(apiError(409))).toBe('alreadyAssigned');
    expect(assignErrorKey(apiError(404))).toBe('unknownCode');
    expect(assignErrorKey(apiError(403))).toBe('forbidden');
    expect(assignErrorKey(apiError(500))).toBe('failed');
    expect(assignErrorKey(new TypeError('Failed to fetch'))).toBe('network');
  });

  it('tells a denied camera from a missing one', () => {
    expect(cameraErrorKey(new DOMException('denied', 'NotAllowedError'))).toBe('cameraDenied');
    expect(cameraErrorKey(new DOMException('none', 'NotFoundError'))).toBe('noCamera');
    expect(cameraErrorKey(new DOMException('busy', 'NotReadableError'))).toBe('cameraBusy');
    expect(cameraErrorKey(new Error('boom'))).toBe('cameraFailed');
  });
});
