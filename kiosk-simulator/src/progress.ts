import { formatDuration } from './duration';
import { StatsSnapshot } from './stats';

/**
 * One status line on stderr: redrawn in place on a terminal, printed every 10 s otherwise (CI logs).
 * stdout stays free for the final JSON summary.
 */
export class ProgressPrinter {
  private last: { at: number; sent: number; cpu: number } | null = null;
  private lastPrinted = 0;
  private readonly tty: boolean;

  constructor(
    private readonly durationSec: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = out.isTTY === true;
  }

  update(s: StatsSnapshot, elapsedSec: number): void {
    const now = Date.now();
    const cpu = cpuSeconds();
    const sent = s.readingsSent + s.readingsResent;
    let rate = 0;
    let cpuPct = 0;
    if (this.last !== null && now > this.last.at) {
      const dt = (now - this.last.at) / 1000;
      rate = (sent - this.last.sent) / dt;
      cpuPct = ((cpu - this.last.cpu) / dt) * 100;
    }
    this.last = { at: now, sent, cpu };
    if (!this.tty && now - this.lastPrinted < 10_000) return;
    this.lastPrinted = now;
    const line = formatProgress(s, elapsedSec, this.durationSec, rate, cpuPct);
    this.out.write(this.tty ? `\r\x1b[2K${line}` : `${line}\n`);
  }

  done(): void {
    if (this.tty && this.last !== null) this.out.write('\n');
  }
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function sumValues(r: Record<string, number>): number {
  return Object.values(r).reduce((a, b) => a + b, 0);
}

export function formatProgress(
  s: StatsSnapshot,
  elapsedSec: number,
  durationSec: number,
  rate: number,
  cpuPct: number,
): string {
  const commands = sumValues(s.commandsReceived);
  const errors = sumValues(s.errors) + sumValues(s.kioskErrors);
  return [
    `[${formatDuration(elapsedSec)}/${formatDuration(durationSec)}]`,
    `connected ${s.connected}/${s.kiosks}`,
    `readings ${rate.toFixed(1)}/s sent ${s.readingsSent} acked ${s.readingsAcked} resent ${s.readingsResent}`,
    `payments ${s.paymentsAcked}/${s.paymentsSent}`,
    `commands ${commands} acks ${s.commandAcksAcked}`,
    `errors ${errors}`,
    `cpu ${cpuPct.toFixed(0)}%`,
  ].join(' | ');
}
