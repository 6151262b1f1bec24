import type { ApiFieldMapper } from '../admin/forms/field-errors';
import {
  httpUrl,
  integerBetween,
  KIOSK_TAG,
  lengthBetween,
  required,
  splitList,
  validationMessage,
  type FieldErrors,
  type FieldMessage,
} from '../admin/forms/rules';
import type { CreateRolloutBody } from './queries';

/** How a rollout names its kiosks: exactly one of these (CreateRolloutDto `target`). */
export const TARGET_KINDS = ['tag', 'kioskIds', 'firmwareBelow'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** The create form as typed: numbers and lists stay text until submitted. */
export interface RolloutValues {
  name: string;
  version: string;
  url: string;
  sha256: string;
  targetKind: TargetKind;
  /** The tag, the kiosk ids (commas or spaces) or the version, as `targetKind` says. */
  target: string;
  /** Percent per wave, e.g. `10, 30, 60`. */
  waves: string;
  /** Percent of a wave's kiosks that may fail before the rollout aborts (0-100). */
  threshold: string;
  waitSeconds: string;
  respectMaintenanceWindows: boolean;
}
export type RolloutField = Exclude<keyof RolloutValues, 'respectMaintenanceWindows'>;

export const emptyRollout = (): RolloutValues => ({
  name: '',
  version: '',
  url: '',
  sha256: '',
  targetKind: 'tag',
  target: '',
  waves: '10, 30, 60',
  threshold: '20',
  waitSeconds: '600',
  respectMaintenanceWindows: false,
});

/** This area's own messages (namespace `rollouts`); the shared rules' ones are the admin area's. */
const own = (key: string, values?: Record<string, string | number>): FieldMessage => ({
  key: `rollouts:validation.${key}`,
  values,
});

/** Same grammar the API checks for `firmwareBelow` (semver, no `v` prefix). */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;
const SHA256 = /^[0-9a-fA-F]{64}$/;
const MAX_WAIT_SECONDS = 604_800;

/** The wave percentages typed, or null when one is not a whole number. */
export function parseWaves(raw: string): number[] | null {
  const parts = splitList(raw);
  if (!parts.every((p) => /^\d+$/.test(p))) return null;
  return parts.map(Number);
}

function checkWaves(raw: string): FieldMessage | null {
  const waves = parseWaves(raw);
  if (!waves || waves.length === 0 || waves.some((w) => w < 1 || w > 100)) return own('waves');
  if (waves.length > 20) return validationMessage('tooMany', { max: 20 });
  const sum = waves.reduce((a, b) => a + b, 0);
  return sum === 100 ? null : own('wavesSum', { sum });
}

function checkTarget(kind: TargetKind, raw: string): FieldMessage | null {
  const value = raw.trim();
  if (value === '') return validationMessage('required');
  switch (kind) {
    case 'tag':
      return KIOSK_TAG.test(value) ? null : validationMessage('kioskTag', { value });
    case 'kioskIds': {
      const ids = splitList(value);
      const bad = ids.find((id) => !/^[1-9]\d{0,9}$/.test(id) || Number(id) > 2_147_483_647);
      return bad === undefined ? null : validationMessage('kioskId');
    }
    case 'firmwareBelow':
      return SEMVER.test(value) ? null : own('semver');
  }
}

/** The client's copy of CreateRolloutDto's rules: what the API would refuse is flagged first. */
export function validateRollout(v: RolloutValues): FieldErrors<RolloutField> {
  const errors: FieldErrors<RolloutField> = {};
  const set = (f: RolloutField, m: FieldMessage | null) => {
    if (m) errors[f] = m;
  };
  set('name', lengthBetween(v.name.trim(), 1, 200));
  set('version', lengthBetween(v.version.trim(), 1, 64));
  set('url', httpUrl(v.url));
  set('sha256', required(v.sha256) ?? (SHA256.test(v.sha256.trim()) ? null : own('sha256')));
  set('target', checkTarget(v.targetKind, v.target));
  set('waves', checkWaves(v.waves));
  set('threshold', integerBetween(v.threshold, 0, 100));
  set('waitSeconds', integerBetween(v.waitSeconds, 0, MAX_WAIT_SECONDS));
  return errors;
}

export function createRolloutBody(v: RolloutValues): CreateRolloutBody {
  const value = v.target.trim();
  const target =
    v.targetKind === 'kioskIds'
      ? { kioskIds: splitList(value).map(Number) }
      : v.targetKind === 'tag'
        ? { tag: value }
        : { firmwareBelow: value };
  return {
    name: v.name.trim(),
    command: 'update',
    params: { version: v.version.trim(), url: v.url.trim(), sha256: v.sha256.trim() },
    target,
    waves: parseWaves(v.waves) ?? [],
    failureThreshold: Number(v.threshold) / 100,
    waitSeconds: Number(v.waitSeconds),
    respectMaintenanceWindows: v.respectMaintenanceWindows,
  };
}

/** The API's field paths (`params.url`, `target.kioskIds[2]`, `failureThreshold`) → the form's fields. */
export const rolloutFieldOf: ApiFieldMapper<RolloutField> = (apiField) => {
  const [head, sub] = apiField.split(/[.[]/);
  switch (head) {
    case 'name':
    case 'waves':
    case 'waitSeconds':
      return head;
    case 'params':
      return sub === 'version' || sub === 'url' || sub === 'sha256' ? sub : null;
    case 'target':
      return 'target';
    case 'failureThreshold':
      return 'threshold';
    default:
      return null;
  }
};
