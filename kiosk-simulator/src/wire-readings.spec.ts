import {
  FAULT_NAMES,
  SeededRng,
  Site,
  createProfile,
  generateSeries,
  toUpdatePayload,
} from '../../libs/kiosk-signals/src';
import { validateUpdate } from './testing/fake-kiosk-server';

const DAY = 24 * 3_600_000;
/** A Monday, midnight UTC. */
const START = Date.UTC(2026, 2, 2);
const SITE: Site = {
  name: 'Test',
  lat: 40,
  lng: 0,
  utcOffsetHours: 0,
  indoor: false,
  peakCustomersPerHour: 30,
};

describe('the shared signal models on the wire', () => {
  it('every reading respects the contract ranges, under every fault', () => {
    const windows = FAULT_NAMES.map((name) => ({ name, startMs: START + DAY, endMs: null }));
    for (const site of [
      SITE,
      { ...SITE, lat: -60, lng: 170, indoor: false },
      { ...SITE, lat: 5, indoor: true },
    ]) {
      const p = createProfile(`SIM-R-${site.lat}`, site, new SeededRng('profiles'));
      const steps = generateSeries({
        profile: p,
        startMs: START,
        endMs: START + 3 * DAY,
        stepSec: 900,
        windows,
        seed: 'seed',
      });
      for (const s of steps) {
        expect(validateUpdate(toUpdatePayload(s, p.serial, s.seq))).toBeNull();
      }
    }
  });
});
