import type { RolloutTargetKiosk } from '@app/contracts';

/**
 * Kiosks in rollout order: one kiosk of each site in turn (sites by name, kiosks by id), so any run
 * of consecutive kiosks, and so each wave, spans as many sites as it can hold.
 */
export function interleaveBySite(kiosks: readonly RolloutTargetKiosk[]): number[] {
  const bySite = new Map<string, number[]>();
  for (const k of [...kiosks].sort((a, b) => a.id - b.id)) {
    const list = bySite.get(k.site);
    if (list) list.push(k.id);
    else bySite.set(k.site, [k.id]);
  }
  const sites = [...bySite.keys()].sort().map((s) => bySite.get(s) ?? []);
  const order: number[] = [];
  for (let round = 0; order.length < kiosks.length; round++) {
    for (const list of sites) if (round < list.length) order.push(list[round]);
  }
  return order;
}

/**
 * How many kiosks each wave takes, from percentages summing to 100: cumulative shares rounded, and
 * at least one kiosk per wave while there are kiosks enough, so a 1 % first wave of 30 kiosks is
 * still a canary of one rather than an empty wave.
 */
export function waveSizes(total: number, percents: readonly number[]): number[] {
  const ends: number[] = [];
  let cumulative = 0;
  percents.forEach((p, i) => {
    cumulative += p;
    const wavesLeft = percents.length - 1 - i;
    let end = i === percents.length - 1 ? total : Math.round((total * cumulative) / 100);
    const previous = i === 0 ? 0 : ends[i - 1];
    // Leave one kiosk for each later wave if possible, but earlier waves (the canaries) come first.
    end = Math.min(end, Math.max(total - wavesLeft, previous));
    end = Math.max(end, Math.min(previous + 1, total));
    ends.push(end);
  });
  return ends.map((end, i) => end - (i === 0 ? 0 : ends[i - 1]));
}
