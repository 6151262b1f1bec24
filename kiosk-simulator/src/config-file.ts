import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ScenarioRule, Site, isFaultName } from '../../libs/kiosk-signals/src';
import { parseDuration } from './duration';
import { parseScenarioArg, parseShare } from './scenarios/scenario-arg';
import { WanderRule, parseWanderArg } from './wander';

/**
 * A fleet described in a file (YAML or JSON): where kiosks stand, how they are tagged, which faults
 * hit them and when. Every key is optional and the command line wins over the file. Unknown keys
 * are errors, so a typo does not silently run the default fleet.
 */
export interface LocationConfig extends Site {
  tags?: string[];
}

export interface FleetConfig {
  url?: string;
  kiosks?: number;
  interval?: number;
  duration?: number;
  seed?: string;
  timeScale?: number;
  start?: string;
  threads?: number;
  connectRate?: number;
  runId?: string;
  groundTruth?: string;
  credentials?: string;
  credentialsOut?: string;
  firmwareVersion?: string;
  /** Shares of `update` commands that fail / come back on the old version, [0, 1]. */
  updateFailure?: number;
  updateStale?: number;
  /** Seconds dark while rebooting into a new image. */
  updateReboot?: number;
  /** As --wanderers: `5%@10m~20m`. */
  wanderers?: WanderRule;
  tags?: string[];
  locations?: LocationConfig[];
  scenarios?: ScenarioRule[];
}

const TOP_KEYS = new Set([
  'url',
  'kiosks',
  'interval',
  'duration',
  'seed',
  'timeScale',
  'start',
  'threads',
  'connectRate',
  'runId',
  'groundTruth',
  'credentials',
  'credentialsOut',
  'firmwareVersion',
  'updateFailure',
  'updateStale',
  'updateReboot',
  'wanderers',
  'tags',
  'locations',
  'scenarios',
]);
const LOCATION_KEYS = new Set([
  'name',
  'lat',
  'lng',
  'address',
  'utcOffsetHours',
  'currency',
  'priceScale',
  'indoor',
  'peakCustomersPerHour',
  'weight',
  'tags',
]);
const SCENARIO_KEYS = new Set(['name', 'share', 'fraction', 'count', 'serials', 'tags', 'at', 'for']);

export class ConfigError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkKeys(obj: Obj, allowed: Set<string>, where: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) throw new ConfigError(`${where}: unknown key "${key}"`);
  }
}

function num(v: unknown, where: string, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new ConfigError(`${where}: expected a number in [${min}, ${max}], got ${JSON.stringify(v)}`);
  }
  return v;
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string' || v === '') throw new ConfigError(`${where}: expected a non-empty string`);
  return v;
}

function strList(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw new ConfigError(`${where}: expected a list of strings`);
  return v as string[];
}

function duration(v: unknown, where: string): number {
  try {
    return parseDuration(typeof v === 'number' ? v : str(v, where));
  } catch (e) {
    throw new ConfigError(`${where}: ${(e as Error).message}`);
  }
}

function parseLocation(v: unknown, i: number): LocationConfig {
  const where = `locations[${i}]`;
  if (!isObj(v)) throw new ConfigError(`${where}: expected an object`);
  checkKeys(v, LOCATION_KEYS, where);
  const loc: LocationConfig = {
    name: str(v.name, `${where}.name`),
    lat: num(v.lat, `${where}.lat`, -90, 90),
    lng: num(v.lng, `${where}.lng`, -180, 180),
  };
  if (v.address !== undefined) loc.address = str(v.address, `${where}.address`);
  if (v.utcOffsetHours !== undefined)
    loc.utcOffsetHours = num(v.utcOffsetHours, `${where}.utcOffsetHours`, -12, 14);
  if (v.currency !== undefined) loc.currency = str(v.currency, `${where}.currency`);
  if (v.priceScale !== undefined) loc.priceScale = num(v.priceScale, `${where}.priceScale`, 0.001);
  if (v.indoor !== undefined) {
    if (typeof v.indoor !== 'boolean') throw new ConfigError(`${where}.indoor: expected true or false`);
    loc.indoor = v.indoor;
  }
  if (v.peakCustomersPerHour !== undefined) {
    loc.peakCustomersPerHour = num(v.peakCustomersPerHour, `${where}.peakCustomersPerHour`, 0);
  }
  if (v.weight !== undefined) loc.weight = num(v.weight, `${where}.weight`, 0);
  if (v.tags !== undefined) loc.tags = strList(v.tags, `${where}.tags`);
  return loc;
}

function parseScenario(v: unknown, i: number): ScenarioRule[] {
  const where = `scenarios[${i}]`;
  if (typeof v === 'string') {
    try {
      return parseScenarioArg(v);
    } catch (e) {
      throw new ConfigError(`${where}: ${(e as Error).message}`);
    }
  }
  if (!isObj(v)) throw new ConfigError(`${where}: expected an object or a string like "overheat:10%@5m"`);
  checkKeys(v, SCENARIO_KEYS, where);
  const name = str(v.name, `${where}.name`);
  if (name !== 'mixed' && name !== 'normal' && !isFaultName(name)) {
    throw new ConfigError(`${where}.name: unknown scenario "${name}"`);
  }
  const rule: ScenarioRule = { name };
  if (v.share !== undefined) {
    try {
      Object.assign(rule, parseShare(String(v.share)));
    } catch (e) {
      throw new ConfigError(`${where}.share: ${(e as Error).message}`);
    }
  }
  if (v.fraction !== undefined) rule.fraction = num(v.fraction, `${where}.fraction`, 0, 1);
  if (v.count !== undefined) rule.count = num(v.count, `${where}.count`, 1);
  if (v.serials !== undefined) rule.serials = strList(v.serials, `${where}.serials`);
  if (v.tags !== undefined) rule.tags = strList(v.tags, `${where}.tags`);
  if (v.at !== undefined) rule.atSec = duration(v.at, `${where}.at`);
  if (v.for !== undefined) rule.forSec = duration(v.for, `${where}.for`);
  return [rule];
}

export function parseFleetConfig(raw: unknown): FleetConfig {
  if (!isObj(raw)) throw new ConfigError('fleet config: expected an object at the top level');
  checkKeys(raw, TOP_KEYS, 'fleet config');
  const c: FleetConfig = {};
  if (raw.url !== undefined) c.url = str(raw.url, 'url');
  if (raw.kiosks !== undefined) c.kiosks = num(raw.kiosks, 'kiosks', 1);
  if (raw.interval !== undefined) c.interval = duration(raw.interval, 'interval');
  if (raw.duration !== undefined) c.duration = duration(raw.duration, 'duration');
  if (raw.seed !== undefined) c.seed = String(raw.seed);
  if (raw.timeScale !== undefined) c.timeScale = num(raw.timeScale, 'timeScale', 0.001);
  if (raw.start !== undefined) c.start = str(raw.start, 'start');
  if (raw.threads !== undefined) c.threads = num(raw.threads, 'threads', 1, 64);
  if (raw.connectRate !== undefined) c.connectRate = num(raw.connectRate, 'connectRate', 0.01);
  if (raw.runId !== undefined) c.runId = str(raw.runId, 'runId');
  if (raw.groundTruth !== undefined) c.groundTruth = str(raw.groundTruth, 'groundTruth');
  if (raw.credentials !== undefined) c.credentials = str(raw.credentials, 'credentials');
  if (raw.credentialsOut !== undefined) c.credentialsOut = str(raw.credentialsOut, 'credentialsOut');
  if (raw.firmwareVersion !== undefined) c.firmwareVersion = str(raw.firmwareVersion, 'firmwareVersion');
  if (raw.updateFailure !== undefined) c.updateFailure = num(raw.updateFailure, 'updateFailure', 0, 1);
  if (raw.updateStale !== undefined) c.updateStale = num(raw.updateStale, 'updateStale', 0, 1);
  if (raw.updateReboot !== undefined) c.updateReboot = duration(raw.updateReboot, 'updateReboot');
  if (raw.wanderers !== undefined) {
    try {
      c.wanderers = parseWanderArg(String(raw.wanderers));
    } catch (e) {
      throw new ConfigError(`wanderers: ${(e as Error).message}`);
    }
  }
  if (raw.tags !== undefined) c.tags = strList(raw.tags, 'tags');
  if (raw.locations !== undefined) {
    if (!Array.isArray(raw.locations) || raw.locations.length === 0) {
      throw new ConfigError('locations: expected a non-empty list');
    }
    c.locations = raw.locations.map(parseLocation);
  }
  if (raw.scenarios !== undefined) {
    if (typeof raw.scenarios === 'string') c.scenarios = parseScenario(raw.scenarios, 0);
    else if (Array.isArray(raw.scenarios)) c.scenarios = raw.scenarios.flatMap(parseScenario);
    else throw new ConfigError('scenarios: expected a list or a string');
  }
  return c;
}

/** Parses YAML or JSON text (JSON is valid YAML, but a .json file gets JSON's clearer errors). */
export function parseFleetConfigText(text: string, fileName = 'fleet.yaml'): FleetConfig {
  let raw: unknown;
  try {
    raw = fileName.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ConfigError(`${fileName}: cannot parse: ${(e as Error).message}`);
  }
  return parseFleetConfig(raw);
}

export function loadFleetConfig(path: string): FleetConfig {
  return parseFleetConfigText(readFileSync(path, 'utf8'), path);
}
