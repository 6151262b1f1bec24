import { FaultWindow, KioskProfile, SeededRng, createProfile, pickSite } from '../../libs/kiosk-signals/src';
import { LocationConfig } from './config-file';
import { KioskCredential } from './credentials';
import { KioskSpec } from './kiosk';
import { KioskRegistration } from './provision';
import { WanderPlan } from './wander';

export interface PlannedKiosk {
  index: number;
  serial: string;
  tags: string[];
  profile: KioskProfile;
  registration: KioskRegistration;
}

export interface FleetPlanInput {
  count: number;
  runId: string;
  seed: string;
  locations: readonly LocationConfig[];
  tags: readonly string[];
  /** When given, these serials are used instead of minting new ones. */
  credentials?: readonly KioskCredential[];
}

export function serialFor(runId: string, index: number): string {
  return `SIM-${runId}-${String(index + 1).padStart(5, '0')}`;
}

/** Short, sortable and unlikely to repeat: base-36 time plus two random characters. */
export function newRunId(): string {
  const rand = Math.floor(Math.random() * 36 * 36)
    .toString(36)
    .padStart(2, '0');
  return `${Date.now().toString(36).slice(-6)}${rand}`.toUpperCase();
}

/**
 * Who the kiosks are: serial, site, tags and physical profile, all derived from the seed and the
 * serial, so the same serial gets the same profile whether it was provisioned or read from a file.
 */
export function planFleet(input: FleetPlanInput): PlannedKiosk[] {
  const root = new SeededRng(input.seed);
  const out: PlannedKiosk[] = [];
  for (let i = 0; i < input.count; i++) {
    const cred = input.credentials?.[i];
    const serial = cred?.serial ?? serialFor(input.runId, i);
    const site = pickSite(input.locations, root.fork(`site:${serial}`));
    const profile = createProfile(serial, site, root);
    if (cred?.lat !== undefined && cred.lng !== undefined) {
      profile.lat = cred.lat;
      profile.lng = cred.lng;
    }
    const tags = [...new Set([...input.tags, ...(site.tags ?? [])])];
    const registration: KioskRegistration = {
      serial,
      name: `Simulated kiosk ${serial.slice(-5)} (${site.name})`,
      location: {
        lat: Math.round(profile.lat * 1e6) / 1e6,
        lng: Math.round(profile.lng * 1e6) / 1e6,
      },
    };
    if (site.address !== undefined) registration.location.address = site.address;
    if (tags.length > 0) registration.tags = tags;
    out.push({ index: i, serial, tags, profile, registration });
  }
  return out;
}

export function buildSpecs(
  planned: readonly PlannedKiosk[],
  credentials: readonly KioskCredential[],
  faults: ReadonlyMap<string, FaultWindow[]>,
  wanderers: ReadonlyMap<string, WanderPlan> = new Map(),
): KioskSpec[] {
  return planned.map((p, i) => {
    const cred = credentials[i];
    if (cred === undefined || cred.serial !== p.serial) throw new Error(`no credentials for ${p.serial}`);
    const spec: KioskSpec = {
      index: p.index,
      serial: p.serial,
      secret: cred.secret,
      profile: p.profile,
      faults: faults.get(p.serial) ?? [],
      // The neighbour's serial is what a spoofing unit most plausibly claims.
      peerSerial: planned[(i + 1) % planned.length].serial,
    };
    if (cred.kioskId !== undefined) spec.kioskId = cred.kioskId;
    const wander = wanderers.get(p.serial);
    if (wander !== undefined) spec.wander = wander;
    return spec;
  });
}
