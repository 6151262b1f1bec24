import { GroundTruthFormat, formatGroundTruth } from '../../libs/kiosk-signals/src';
import { GroundTruthSink } from './ground-truth-sinks';
import { Kiosk, KioskSpec } from './kiosk';
import { KioskEnv, KioskSettings } from './kiosk-env';
import { SimClock } from './sim-clock';
import { FleetStats, StatsSnapshot } from './stats';
import { TimerWheel } from './timer-wheel';

/** Everything one thread needs to run its share of the fleet. Plain data: it crosses postMessage. */
export interface ShardConfig {
  settings: KioskSettings;
  realStartMs: number;
  simStartMs: number;
  timeScale: number;
  /** New connections per second across the whole fleet. */
  connectRate: number;
  kiosks: KioskSpec[];
  groundTruthFormat: GroundTruthFormat | null;
}

/** How long to wait at the end for acks of readings already sent. */
const DRAIN_MS = 2000;

/**
 * The kiosks of one thread, driven by one timer wheel. Kiosk `index` is fleet-wide, so shards
 * interleave and every thread ramps up at the same pace.
 */
export class FleetRunner {
  readonly stats = new FleetStats();
  readonly kiosks: Kiosk[];
  private readonly wheel = new TimerWheel();
  private readonly env: KioskEnv;

  constructor(
    private readonly config: ShardConfig,
    sink: GroundTruthSink | null,
  ) {
    const format = config.groundTruthFormat;
    const stats = this.stats;
    this.env = {
      wheel: this.wheel,
      clock: new SimClock(config.realStartMs, config.simStartMs, config.timeScale),
      stats,
      settings: config.settings,
      recordGroundTruth:
        sink === null || format === null
          ? null
          : (record) => {
              sink.write(formatGroundTruth(format, record));
              stats.groundTruthLines++;
            },
    };
    this.kiosks = config.kiosks.map((spec) => new Kiosk(spec, this.env));
    stats.kiosks = this.kiosks.length;
    stats.pendingReadings = () => this.kiosks.reduce((sum, k) => sum + k.readings.size, 0);
    stats.droppedReadings = () => this.kiosks.reduce((sum, k) => sum + k.readings.dropped, 0);
    stats.fleetState = () => {
      const firmware: Record<string, number> = {};
      const config: Record<string, number> = {};
      for (const k of this.kiosks) {
        firmware[k.firmwareVersion] = (firmware[k.firmwareVersion] ?? 0) + 1;
        const v = k.config.version === null ? 'none' : String(k.config.version);
        config[v] = (config[v] ?? 0) + 1;
      }
      return { firmware, config };
    };
  }

  start(): void {
    this.wheel.start();
    const now = Date.now();
    for (const kiosk of this.kiosks) {
      const due = this.config.realStartMs + (kiosk.spec.index / this.config.connectRate) * 1000;
      kiosk.start(Math.max(0, due - now));
    }
  }

  /** Stops sampling, gives in-flight readings a moment to be acknowledged, then disconnects all. */
  async stop(drainMs = DRAIN_MS): Promise<void> {
    for (const k of this.kiosks) k.stopSampling();
    const until = Date.now() + drainMs;
    while (Date.now() < until && this.kiosks.some((k) => k.readings.inflightCount > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const k of this.kiosks) k.stop();
    this.wheel.stop();
  }

  snapshot(): StatsSnapshot {
    return this.stats.snapshot();
  }

  kiosk(serial: string): Kiosk | undefined {
    return this.kiosks.find((k) => k.serial === serial);
  }
}
