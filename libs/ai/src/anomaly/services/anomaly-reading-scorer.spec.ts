import type { TelemetryReading } from '@app/contracts';
import type { AnomalyModelService } from './anomaly-model.service';
import { AnomalyReadingScorer } from './anomaly-reading-scorer';
import type { DriftMonitor } from './drift-monitor';
import type { KioskScoringStates } from './kiosk-scoring-states';
import type { PendingAnomalies } from './pending-anomalies';

const reading: TelemetryReading = {
  kioskId: 1,
  timestamp: new Date('2026-11-25T10:00:00.000Z'),
  receivedAt: new Date('2026-11-25T10:00:00.050Z'),
  seq: 1,
  environmental: { temperature: 24.1, humidity: 51, airQuality: 37.5 },
  hardware: { cpuTemp: 55.2, cpuUsage: 41, ramUsage: 63.2, diskUsage: 71.9 },
  peripherals: { printerStatus: 'ready' },
  location: { lat: -34.6037, lng: -58.3816 },
  network: { latency: 80.5, signalStrength: -61 },
  extra: null,
};

describe('AnomalyReadingScorer', () => {
  it('answers null at once, restoring no kiosk state, while no model is active', () => {
    const restore = jest.fn();
    const scorer = new AnomalyReadingScorer(
      { current: () => null } as unknown as AnomalyModelService,
      { restore } as unknown as KioskScoringStates,
      {} as DriftMonitor,
      {} as PendingAnomalies,
    );
    expect(scorer.scoreBeforeStorage([reading])).toBeNull();
    expect(restore).not.toHaveBeenCalled();
  });
});
