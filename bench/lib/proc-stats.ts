import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/*
 * CPU and memory of processes, read from /proc (Linux only, like the target machine). Reading
 * /proc from outside measures a process without adding work to its event loop.
 */

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process in seconds, or NaN when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may hold spaces and parentheses: count fields from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, i.e. 12 and 13 after ") ".
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size in bytes (VmRSS), or NaN when the process is gone. */
export function rssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Busy and total jiffies of the whole machine: shows how much CPU others (tests, agents) took. */
function machineJiffies(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] as string;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: total - idle, total };
}

export interface CpuWindow {
  seconds: number;
  /** Percent of one core, per named process group. */
  percent: Record<string, number>;
  /** Percent of the whole machine (all cores) that was busy, whoever used it. */
  machineBusyPercent: number;
  /**
   * Percent of one core used by everything not measured: other people's tests on this shared
   * machine, the kernel's network stack, PostgreSQL's background workers, Redis.
   */
  othersPercent: number;
}

/**
 * Measures CPU between start() and stop() for named groups of pids (a group: the API process, or
 * every PostgreSQL backend of the bench database). The groups are passed at both ends because
 * backends come and go: one that appeared during the window counts from zero.
 */
export class CpuMeter {
  private t0 = 0;
  private m0 = machineJiffies();
  private base = new Map<number, number>();

  start(groups: Record<string, readonly number[]>): void {
    this.t0 = performance.now();
    this.m0 = machineJiffies();
    this.base.clear();
    for (const pids of Object.values(groups)) for (const pid of pids) this.base.set(pid, cpuSeconds(pid));
  }

  stop(groups: Record<string, readonly number[]>): CpuWindow {
    const seconds = (performance.now() - this.t0) / 1000;
    const m1 = machineJiffies();
    const percent: Record<string, number> = {};
    for (const [name, pids] of Object.entries(groups)) {
      let used = 0;
      for (const pid of pids) {
        const before = this.base.get(pid) ?? 0;
        const now = cpuSeconds(pid);
        if (Number.isFinite(before) && Number.isFinite(now)) used += now - before;
      }
      percent[name] = (used / seconds) * 100;
    }
    const total = m1.total - this.m0.total;
    const busyCorePercent = ((m1.busy - this.m0.busy) / CLK_TCK / seconds) * 100;
    const ours = Object.values(percent).reduce((a, b) => a + b, 0);
    return {
      seconds,
      percent,
      machineBusyPercent: total > 0 ? ((m1.busy - this.m0.busy) / total) * 100 : Number.NaN,
      othersPercent: busyCorePercent - ours,
    };
  }
}
