import type { Rollout, RolloutWave } from './queries';

/** Resources shaped as the API answers them, for the tests of this folder. */
export const ROLLOUT_ID = '0b9c6f1e-5a2d-4c3b-9e8f-1a2b3c4d5e6f';
export const SHA = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

export function wave(index: number, over: Partial<RolloutWave> = {}): RolloutWave {
  return { index, kiosks: 4, succeeded: 0, failed: 0, pending: 4, ...over };
}

export function rollout(over: Partial<Rollout> = {}): Rollout {
  return {
    id: ROLLOUT_ID,
    name: 'Firmware 2.4.0, stations first',
    status: 'running',
    command: 'update',
    params: { version: '2.4.0', url: 'https://updates.example.com/kiosk-2.4.0.img', sha256: SHA },
    target: { tag: 'station' },
    wavePercents: [50, 50],
    failureThreshold: 0.25,
    waitSeconds: 600,
    respectMaintenanceWindows: false,
    currentWave: 1,
    reason: null,
    heldBy: { guard: 'alerts', detail: 'wave 0 kiosks raise 3 alerts, 1 before' },
    kiosks: 8,
    waves: [
      wave(0, {
        succeeded: 3,
        failed: 1,
        pending: 0,
        startedAt: '2026-12-07T10:00:00.000Z',
        finishedAt: '2026-12-07T10:05:00.000Z',
      }),
      wave(1),
    ],
    createdBy: null,
    createdAt: '2026-12-07T09:55:00.000Z',
    updatedAt: '2026-12-07T10:05:00.000Z',
    startedAt: '2026-12-07T10:00:00.000Z',
    finishedAt: null,
    ...over,
  };
}
