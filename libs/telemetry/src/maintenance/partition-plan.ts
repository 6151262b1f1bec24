const DAY_MS = 86_400_000;
const PARTITION_NAME = /^telemetry_p(\d{4})(\d{2})(\d{2})$/;

/** The UTC calendar day of `at`, as `YYYY-MM-DD`, `offsetDays` later. */
export function utcDay(at: Date, offsetDays = 0): string {
  return new Date(at.getTime() + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

/** Start of the UTC day a daily partition covers, or null for a table that is not one. */
export function partitionDay(name: string): Date | null {
  const m = PARTITION_NAME.exec(name);
  if (!m) return null;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(day.getTime()) ? null : day;
}

/** Daily partitions whose whole day lies before `cutoff`: dropping them loses nothing still kept. */
export function partitionsToDrop(names: readonly string[], cutoff: Date): string[] {
  return names
    .filter((name) => {
      const day = partitionDay(name);
      return day !== null && day.getTime() + DAY_MS <= cutoff.getTime();
    })
    .sort();
}
