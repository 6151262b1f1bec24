import type { TelemetryReading } from '@app/contracts';

interface KioskEntry {
  lastSentMs: number;
  /** Kiosk-clock time of the newest reading seen: an older one (a resend) is never shown after it. */
  newestMs: number;
  /** The newest reading that arrived too soon after the last send; sent when the interval is up. */
  held: TelemetryReading | null;
  timer: NodeJS.Timeout | null;
}

/**
 * At most one reading per kiosk per `intervalMs`, leading and trailing: the first reading goes out
 * at once; readings arriving within the interval are held (newest wins) and the newest is sent when
 * the interval is up, so the feed never stays behind the kiosk's last reading.
 *
 * Per process, which is exact as long as a kiosk's readings arrive at one instance (its socket's).
 * Kiosks silent for `forgetAfterMs` are forgotten, which bounds the map by the kiosks reporting now.
 */
export class KioskTelemetryThrottle {
  private readonly kiosks = new Map<number, KioskEntry>();
  private pruner: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (reading: TelemetryReading) => void,
    private readonly intervalMs = 1_000,
    private readonly forgetAfterMs = 60_000,
  ) {}

  start(): void {
    this.pruner ??= setInterval(() => this.prune(), this.forgetAfterMs);
    this.pruner.unref();
  }

  stop(): void {
    if (this.pruner) clearInterval(this.pruner);
    this.pruner = undefined;
    for (const e of this.kiosks.values()) if (e.timer) clearTimeout(e.timer);
    this.kiosks.clear();
  }

  get size(): number {
    return this.kiosks.size;
  }

  offer(reading: TelemetryReading): void {
    const now = Date.now();
    const at = reading.timestamp.getTime();
    const entry = this.kiosks.get(reading.kioskId);
    if (!entry) {
      this.kiosks.set(reading.kioskId, { lastSentMs: now, newestMs: at, held: null, timer: null });
      this.send(reading);
      return;
    }
    if (at < entry.newestMs) return;
    entry.newestMs = at;
    const wait = entry.lastSentMs + this.intervalMs - now;
    if (wait <= 0 && !entry.timer) {
      entry.lastSentMs = now;
      this.send(reading);
      return;
    }
    entry.held = reading;
    if (!entry.timer) {
      entry.timer = setTimeout(() => this.release(reading.kioskId), Math.max(wait, 0));
      entry.timer.unref();
    }
  }

  /** Forgets kiosks that sent nothing for `forgetAfterMs` (none of them has a held reading). */
  prune(now = Date.now()): void {
    for (const [kioskId, e] of this.kiosks) {
      if (!e.timer && now - e.lastSentMs >= this.forgetAfterMs) this.kiosks.delete(kioskId);
    }
  }

  private release(kioskId: number): void {
    const entry = this.kiosks.get(kioskId);
    if (!entry) return;
    entry.timer = null;
    const held = entry.held;
    if (!held) return;
    entry.held = null;
    entry.lastSentMs = Date.now();
    this.send(held);
  }
}
