import { checkSettings, type FieldError } from '@app/core';
import type { KioskCommandName } from '@app/contracts';

type ParamRule = { required: boolean; check: (v: unknown) => string | null };

const text = (max: number) => (v: unknown) =>
  typeof v === 'string' && v.length >= 1 && v.length <= max
    ? null
    : `must be a string of 1-${max} characters`;
const httpUrl = (v: unknown) => {
  if (typeof v !== 'string' || v.length > 2000) return 'must be an http(s) URL';
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol) ? null : 'must be an http(s) URL';
  } catch {
    return 'must be an http(s) URL';
  }
};
const uuid = (v: unknown) =>
  typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)
    ? null
    : 'must be a UUID';
const sha256Hex = (v: unknown) =>
  typeof v === 'string' && /^[0-9a-f]{64}$/i.test(v) ? null : 'must be a SHA-256 digest (64 hex digits)';
const positiveInt = (v: unknown) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 ? null : 'must be a whole number ≥ 1';
const settings = (v: unknown) => checkSettings(v)?.message ?? null;
const money = (v: unknown) =>
  typeof v === 'string' && /^\d{1,12}(\.\d{1,3})?$/.test(v)
    ? null
    : 'must be a decimal string such as "12.50"';

/**
 * Params of each command, as the kiosk receives them (snake_case, like the rest of the wire).
 * Unknown keys are refused: a typo in a remote command should fail loudly, not be ignored.
 */
const RULES: Record<KioskCommandName, Record<string, ParamRule>> = {
  block: { reason: { required: false, check: text(200) } },
  unblock: {},
  restart: { reason: { required: false, check: text(200) } },
  update: {
    version: { required: true, check: text(64) },
    url: { required: false, check: httpUrl },
    // The digest of the image at `url`, so the kiosk can refuse a tampered or truncated download.
    sha256: { required: false, check: sha256Hex },
  },
  maintenance: { reason: { required: false, check: text(200) } },
  refund: { payment_id: { required: true, check: uuid }, amount: { required: false, check: money } },
  // CONTRACT §8: the kiosk's whole merged settings and their version.
  configure: {
    version: { required: true, check: positiveInt },
    settings: { required: true, check: settings },
  },
};

export function validateCommandParams(
  command: KioskCommandName,
  params: Record<string, unknown>,
): FieldError[] {
  const rules = RULES[command];
  const errors: FieldError[] = [];
  for (const [key, rule] of Object.entries(rules)) {
    if (params[key] === undefined) {
      if (rule.required) errors.push({ field: `params.${key}`, message: `is required for ${command}` });
      continue;
    }
    const problem = rule.check(params[key]);
    if (problem) errors.push({ field: `params.${key}`, message: problem });
  }
  for (const key of Object.keys(params)) {
    if (!(key in rules)) errors.push({ field: `params.${key}`, message: `is not a parameter of ${command}` });
  }
  return errors;
}

/** Commands a kiosk in maintenance still receives; everything else waits until maintenance ends. */
// `configure` too: settings are most often changed while a kiosk is out of service for upkeep.
export const DELIVERED_DURING_MAINTENANCE: readonly KioskCommandName[] = ['unblock', 'restart', 'configure'];

/**
 * Commands that would interrupt a customer mid-purchase: held while the kiosk reports an open
 * payment session (at most COMMAND_SESSION_HOLD_MAX_SEC after they were issued).
 */
export const HELD_DURING_PAYMENT_SESSION: readonly KioskCommandName[] = [
  'restart',
  'update',
  'block',
  // New settings (a price list) must not change a purchase under way.
  'configure',
];
