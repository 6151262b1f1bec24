/**
 * Fault scenarios and the ground-truth label derived from them.
 *
 * The order of FAULT_NAMES is the order labels are joined in when several faults overlap, so a
 * given combination always produces the same label string.
 */
export const FAULT_NAMES = [
  'overheat',
  'fan_failure',
  'disk_fill',
  'memory_leak',
  'printer_jam_storm',
  'network_degradation',
  'flapping',
  'card_reader_silent_fail',
  'cash_mismatch',
  'clock_skew',
  'malformed',
  'spoof',
  'flood',
] as const;

export type FaultName = (typeof FAULT_NAMES)[number];

export const NORMAL_LABEL = 'normal';

/** Faults that change what the sensors read; the rest change how the kiosk behaves on the wire. */
export const SIGNAL_FAULTS: ReadonlySet<FaultName> = new Set<FaultName>([
  'overheat',
  'fan_failure',
  'disk_fill',
  'memory_leak',
  'printer_jam_storm',
  'network_degradation',
  'card_reader_silent_fail',
  'cash_mismatch',
  'clock_skew',
]);

export const ADVERSARIAL_FAULTS: ReadonlySet<FaultName> = new Set<FaultName>(['malformed', 'spoof', 'flood']);

/**
 * Ground-truth labels that are not fault models: what a kiosk does rather than what its sensors
 * read (a kiosk carried away from its site). They join a fault label with `+`, after the faults.
 */
export const WANDER_LABEL = 'wander';
export const BEHAVIOUR_LABELS: readonly string[] = [WANDER_LABEL];

export function isFaultName(value: string): value is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(value);
}

/**
 * Active faults of one kiosk: fault name → simulated time (ms since epoch) it started. Gradual faults
 * (overheat, fan failure, leaks) grow with the time since onset, which is why the onset is kept.
 */
export type ActiveFaults = Partial<Record<FaultName, number>>;

/** One scheduled fault window in simulated time; `endMs` null means "until the run ends". */
export interface FaultWindow {
  name: FaultName;
  startMs: number;
  endMs: number | null;
}

/** Rewrites `into` with the faults active at `simMs`; reuses the object to avoid per-tick garbage. */
export function activeFaultsAt(
  windows: readonly FaultWindow[],
  simMs: number,
  into: ActiveFaults,
): ActiveFaults {
  for (const name of FAULT_NAMES) into[name] = undefined;
  for (const w of windows) {
    if (w.startMs <= simMs && (w.endMs === null || simMs < w.endMs)) {
      const current = into[w.name];
      into[w.name] = current === undefined ? w.startMs : Math.min(current, w.startMs);
    }
  }
  return into;
}

/** Minutes since the fault began, or -1 when it is not active at `simMs`. */
export function minutesSince(faults: ActiveFaults, name: FaultName, simMs: number): number {
  const onset = faults[name];
  if (onset === undefined || onset > simMs) return -1;
  return (simMs - onset) / 60000;
}

export function isActive(faults: ActiveFaults, name: FaultName): boolean {
  return faults[name] !== undefined;
}

/** `normal`, one scenario name, or several joined with `+` in catalogue order. */
export function faultLabel(faults: ActiveFaults): string {
  let label = '';
  for (const name of FAULT_NAMES) {
    if (faults[name] !== undefined) label = label === '' ? name : `${label}+${name}`;
  }
  return label === '' ? NORMAL_LABEL : label;
}
