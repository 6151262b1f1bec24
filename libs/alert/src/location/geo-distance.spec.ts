import { distanceMeters, EARTH_RADIUS_M, formatDistance } from './geo-distance';

const HALF_CIRCUMFERENCE = Math.PI * EARTH_RADIUS_M;

describe('distanceMeters', () => {
  it('is zero for the same point and symmetric', () => {
    expect(distanceMeters(-34.6037, -58.3816, -34.6037, -58.3816)).toBe(0);
    const ab = distanceMeters(-34.6037, -58.3816, -34.5, -58.5);
    expect(distanceMeters(-34.5, -58.5, -34.6037, -58.3816)).toBeCloseTo(ab, 6);
  });

  it('matches known distances (Buenos Aires to Montevideo ≈ 205 km; one degree of latitude ≈ 111.2 km)', () => {
    const bsAsMvd = distanceMeters(-34.6037, -58.3816, -34.9011, -56.1645) / 1000;
    expect(bsAsMvd).toBeGreaterThan(204);
    expect(bsAsMvd).toBeLessThan(206.5);
    expect(distanceMeters(10, 20, 11, 20)).toBeCloseTo(111_195, -1);
  });

  it('measures across the antimeridian the short way round', () => {
    // 0.01° of longitude either side of ±180 on the equator: 0.02° ≈ 2.2 km, not ~40,000 km.
    const d = distanceMeters(0, 179.99, 0, -179.99);
    expect(d).toBeCloseTo(0.02 * (Math.PI / 180) * EARTH_RADIUS_M, 3);
    expect(distanceMeters(-16.5, 180, -16.5, -180)).toBeCloseTo(0, 6);
    // Fiji straddles it: 600 m east of 180° and 600 m west are ~1.2 km apart.
    expect(distanceMeters(-17, 179.9943, -17, -179.9943)).toBeGreaterThan(1150);
    expect(distanceMeters(-17, 179.9943, -17, -179.9943)).toBeLessThan(1250);
  });

  it('treats every longitude at a pole as the same point, and measures along the meridian near it', () => {
    expect(distanceMeters(90, 0, 90, 180)).toBeCloseTo(0, 6);
    expect(distanceMeters(-90, -180, -90, 45)).toBeCloseTo(0, 6);
    // 89.999° N on opposite meridians: 0.002° over the pole ≈ 222 m.
    expect(distanceMeters(89.999, 0, 89.999, 180)).toBeCloseTo(0.002 * (Math.PI / 180) * EARTH_RADIUS_M, 3);
  });

  it('never throws nor returns NaN at the range limits (antipodes, poles, ±180)', () => {
    const limits = [-90, -89.9999999, 0, 89.9999999, 90];
    const lngs = [-180, -179.9999999, 0, 179.9999999, 180];
    for (const a of limits)
      for (const b of lngs)
        for (const c of limits)
          for (const d of lngs) {
            const m = distanceMeters(a, b, c, d);
            expect(Number.isFinite(m)).toBe(true);
            expect(m).toBeGreaterThanOrEqual(0);
            expect(m).toBeLessThanOrEqual(HALF_CIRCUMFERENCE + 1e-6);
          }
    expect(distanceMeters(0, 0, 0, 180)).toBeCloseTo(HALF_CIRCUMFERENCE, 3);
    expect(distanceMeters(90, 0, -90, 0)).toBeCloseTo(HALF_CIRCUMFERENCE, 3);
  });
});

describe('formatDistance', () => {
  it('reads as metres below a kilometre, then kilometres', () => {
    expect(formatDistance(480.4)).toBe('480 m');
    expect(formatDistance(1234)).toBe('1.2 km');
    expect(formatDistance(35_400)).toBe('35 km');
  });
});
