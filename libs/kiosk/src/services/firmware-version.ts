/**
 * Semantic Versioning 2.0.0, strictly (https://semver.org): `MAJOR.MINOR.PATCH`, optional
 * `-prerelease` and `+build`, no leading zeros in numbers, no `v` prefix. Anything else a kiosk
 * reports is kept and shown as is, but has no place in semver order.
 */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** Versions longer than this are not semver here (the wire allows 64 characters anyway). */
export const MAX_FIRMWARE_VERSION_LENGTH = 64;

export function isSemver(version: string): boolean {
  return version.length <= MAX_FIRMWARE_VERSION_LENGTH && SEMVER.test(version);
}

// A number as its digit count (2 digits: versions are at most 64 characters) then its digits: with
// no leading zeros, byte order of these strings is numeric order.
const num = (digits: string) => `${String(digits.length).padStart(2, '0')}${digits}`;

/**
 * A string whose byte order (COLLATE "C") is semver precedence, or null for a non-semver version.
 * Core numbers are length-prefixed; a release ends in `~`, above the `-` that starts a prerelease,
 * so 2.3.0-rc.1 < 2.3.0. Prerelease identifiers: numeric ones (`0` + number) below alphanumeric ones
 * (`1` + text), each closed by `!`, which is below every identifier character, so a shorter list of
 * equal identifiers comes first (1.0.0-alpha < 1.0.0-alpha.1). Build metadata does not count.
 */
export function semverSortKey(version: string): string | null {
  if (version.length > MAX_FIRMWARE_VERSION_LENGTH) return null;
  const m = SEMVER.exec(version);
  if (!m) return null;
  const core = num(m[1]) + num(m[2]) + num(m[3]);
  if (m[4] === undefined) return `${core}~`;
  const ids = m[4].split('.').map((id) => (/^\d+$/.test(id) ? `0${num(id)}!` : `1${id}!`));
  return `${core}-${ids.join('')}`;
}

/** What a kiosk can do, as its `kiosk_join` lists it. */
export interface KioskCapabilities {
  sensors: string[];
  peripherals: string[];
  features: string[];
}
