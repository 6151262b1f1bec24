import { FAULT_NAMES } from './faults';
import { PlannedKiosk, mixedCounts, planScenarios } from './scenario-plan';

const fleet = (n: number, tag = (i: number) => (i % 2 === 0 ? ['even'] : ['odd'])): PlannedKiosk[] =>
  Array.from({ length: n }, (_, i) => ({ serial: `SIM-P-${String(i + 1).padStart(5, '0')}`, tags: tag(i) }));
const ctx = { seed: 'plan', simStartMs: 1_000_000, simDurationSec: 3600 };

describe('planning faults over a fleet', () => {
  it('gives a share of the fleet the fault, at the requested simulated time and for the requested length', () => {
    const plan = planScenarios(
      fleet(100),
      [{ name: 'overheat', fraction: 0.1, atSec: 300, forSec: 1200 }],
      ctx,
    );
    const hit = [...plan.values()].filter((w) => w.length > 0);
    expect(hit).toHaveLength(10);
    for (const [w] of hit) {
      expect(w).toEqual({
        name: 'overheat',
        startMs: ctx.simStartMs + 300_000,
        endMs: ctx.simStartMs + 1_500_000,
      });
    }
  });

  it('targets exact serials or tags', () => {
    const kiosks = fleet(10);
    const bySerial = planScenarios(kiosks, [{ name: 'spoof', serials: ['SIM-P-00003'] }], ctx);
    expect(bySerial.get('SIM-P-00003')?.map((w) => w.name)).toEqual(['spoof']);
    expect([...bySerial.values()].flat()).toHaveLength(1);
    const byTag = planScenarios(kiosks, [{ name: 'flapping', tags: ['odd'] }], ctx);
    for (const [i, k] of kiosks.entries()) expect(byTag.get(k.serial)?.length).toBe(i % 2 === 1 ? 1 : 0);
  });

  it('spreads separate rules over different kiosks', () => {
    const plan = planScenarios(
      fleet(10),
      [
        { name: 'overheat', count: 5 },
        { name: 'fan_failure', count: 5 },
      ],
      ctx,
    );
    expect([...plan.values()].every((w) => w.length === 1)).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const a = planScenarios(fleet(50), [{ name: 'mixed' }], ctx);
    const b = planScenarios(fleet(50), [{ name: 'mixed' }], ctx);
    const c = planScenarios(fleet(50), [{ name: 'mixed' }], { ...ctx, seed: 'other' });
    expect([...b.entries()]).toEqual([...a.entries()]);
    expect([...c.entries()]).not.toEqual([...a.entries()]);
  });

  it('mixed: about 30% faulty on a large fleet, every scenario present, onsets after a normal baseline', () => {
    const plan = planScenarios(fleet(1000), [{ name: 'mixed' }], ctx);
    const windows = [...plan.values()].flat();
    const faulty = [...plan.values()].filter((w) => w.length > 0).length;
    expect(faulty).toBeGreaterThan(250);
    expect(faulty).toBeLessThan(350);
    expect(new Set(windows.map((w) => w.name))).toEqual(new Set(FAULT_NAMES));
    for (const w of windows) {
      expect(w.startMs).toBeGreaterThanOrEqual(ctx.simStartMs + 0.1 * ctx.simDurationSec * 1000);
      expect(w.startMs).toBeLessThanOrEqual(ctx.simStartMs + 0.4 * ctx.simDurationSec * 1000);
    }
  });

  it('mixed on a small fleet: many different faults, at most half the fleet', () => {
    const counts = mixedCounts(20);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(10);
    expect([...counts.values()].filter((c) => c > 0).length).toBe(10);
    expect(counts.get('malformed')).toBe(1);
    expect(mixedCounts(1).get('overheat')).toBe(0);
  });
});
