/**
 * What the anomaly model is asked to find. Ground-truth labels are `normal`, a fault name, or
 * several joined with `+` (the simulator's convention). Only faults that change what the sensors
 * read are targets; the others (payments that fail behind a `ready` card reader, cash mismatches,
 * skewed clocks, malformed or spoofed traffic, flapping connections) leave telemetry normal and are
 * caught by the payment, liveness and gateway modules, so for this model they are negatives.
 */
export const TELEMETRY_FAULTS = [
  'overheat',
  'fan_failure',
  'disk_fill',
  'memory_leak',
  'printer_jam_storm',
  'network_degradation',
] as const;
export type TelemetryFault = (typeof TELEMETRY_FAULTS)[number];

/**
 * Every fault name a ground-truth label may carry (the simulator's catalogue; a unit test keeps the
 * two in step). Kept here so serving code can validate labels without importing the simulator.
 */
export const KNOWN_FAULTS: readonly string[] = [
  ...TELEMETRY_FAULTS,
  'flapping',
  'card_reader_silent_fail',
  'cash_mismatch',
  'clock_skew',
  'malformed',
  'spoof',
  'flood',
];

/** Labels for what a kiosk did rather than what it read (a kiosk carried off its site): negatives. */
export const KNOWN_BEHAVIOURS: readonly string[] = ['wander'];

/** Faults that build up over hours: what threshold rules catch late, if at all. */
export const GRADUAL_FAULTS: readonly TelemetryFault[] = ['fan_failure', 'memory_leak', 'disk_fill'];

/** "Early stage" in reports: the first hours after a gradual fault's onset. */
export const EARLY_STAGE_HOURS = 4;

const TARGETS: ReadonlySet<string> = new Set(TELEMETRY_FAULTS);

/** 1 when the label names at least one telemetry-visible fault. */
export function isAnomalyLabel(label: string): boolean {
  if (label === 'normal' || label === '') return false;
  return label.split('+').some((part) => TARGETS.has(part));
}

/** Bit mask of the telemetry faults named in a label, bit i = TELEMETRY_FAULTS[i]. */
export function faultMask(label: string): number {
  if (label === 'normal' || label === '') return 0;
  let mask = 0;
  for (const part of label.split('+')) {
    const i = (TELEMETRY_FAULTS as readonly string[]).indexOf(part);
    if (i >= 0) mask |= 1 << i;
  }
  return mask;
}

/**
 * A label as an uploaded CSV may write it: a ground-truth label (`normal`, `disk_fill`, …) or a
 * plain binary one (`0`/`1`, `true`/`false`, `anomaly`). Returns null for anything else.
 */
export function parseLabel(raw: string): { anomaly: boolean; mask: number } | null {
  const text = raw.trim().toLowerCase();
  if (text === '0' || text === 'false' || text === 'normal') return { anomaly: false, mask: 0 };
  if (text === '1' || text === 'true' || text === 'anomaly') return { anomaly: true, mask: 0 };
  if (!text.split('+').every((part) => KNOWN_FAULTS.includes(part) || KNOWN_BEHAVIOURS.includes(part))) {
    return null;
  }
  return { anomaly: isAnomalyLabel(text), mask: faultMask(text) };
}
