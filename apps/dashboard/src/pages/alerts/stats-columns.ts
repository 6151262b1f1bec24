import type { AlignedData } from 'uplot';
import type { AlertStats } from './queries';

export type StatsUnit = 's' | 'min' | 'h';
const UNIT_SEC: Record<StatsUnit, number> = { s: 1, min: 60, h: 3600 };

/**
 * The unit the longest mean reads best in (under 2 min: seconds, under 2 h: minutes, else hours), so a
 * 2 s MTTR is not a sliver on a minutes scale.
 */
export function statsUnit(stats: AlertStats): StatsUnit {
  const longest = Math.max(0, ...stats.groups.flatMap((g) => [g.mttaSec ?? 0, g.mttrSec ?? 0]));
  return longest < 120 ? 's' : longest < 7200 ? 'min' : 'h';
}

/** MTTA and MTTR per group in `unit` for the bars, side by side, groups along x. */
export function statsColumns(stats: AlertStats, unit: StatsUnit): AlignedData {
  const scaled = (sec: number | null) => (sec === null ? null : Math.round((sec / UNIT_SEC[unit]) * 10) / 10);
  return [
    stats.groups.map((_, i) => i),
    stats.groups.map((g) => scaled(g.mttaSec)),
    stats.groups.map((g) => scaled(g.mttrSec)),
  ];
}
