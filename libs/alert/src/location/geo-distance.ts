/** Mean Earth radius (IUGG), metres: haversine's error against the ellipsoid stays under 0.5 %. */
export const EARTH_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;

/**
 * Great-circle distance in metres (haversine). Longitudes wrap by themselves (sin² is periodic), so
 * two points either side of the antimeridian are close; at the poles every longitude is one point.
 * The intermediate term is clamped, so rounding never takes asin out of its domain (no NaN for
 * antipodes or for coordinates at their range limits). No allocation: it runs once per accurate reading.
 */
export function distanceMeters(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const sinDLat = Math.sin((lat2 - lat1) * RAD * 0.5);
  const sinDLng = Math.sin((lng2 - lng1) * RAD * 0.5);
  const h = sinDLat * sinDLat + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * sinDLng * sinDLng;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(Math.min(1, Math.max(0, h))));
}

/** "480 m", "1.2 km", "35 km": distances as people read them in an alert title. */
export function formatDistance(meters: number): string {
  if (meters < 1000) return `${Math.round(meters)} m`;
  const km = meters / 1000;
  return km < 10 ? `${km.toFixed(1)} km` : `${Math.round(km)} km`;
}
