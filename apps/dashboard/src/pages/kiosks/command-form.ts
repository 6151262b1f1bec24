import type { Schema } from '@kiosk-fleet/sdk';

export type IssueCommandBody = Schema<'IssueCommandDto'>;

/**
 * What the kiosk page may send. `refund` is not here: it needs a payment and the contract routes it
 * through POST /payments/{id}/refund, from the payments pages.
 */
export const PAGE_COMMANDS = ['restart', 'block', 'unblock', 'maintenance', 'update'] as const;
export type PageCommand = (typeof PAGE_COMMANDS)[number];

export interface CommandFormValues {
  command: PageCommand;
  reason: string;
  version: string;
  url: string;
  ttlSeconds: string;
}

export const INITIAL_COMMAND_FORM: CommandFormValues = {
  command: 'restart',
  reason: '',
  version: '',
  url: '',
  ttlSeconds: '120',
};

/** An i18n key (under `kiosks:command.errors`) per invalid field. */
export type CommandFormErrors = Partial<Record<'reason' | 'version' | 'url' | 'ttlSeconds', string>>;

/** Commands that carry an optional reason (unblock takes `{}`, update its version). */
export const takesReason = (c: PageCommand) => c === 'restart' || c === 'block' || c === 'maintenance';

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The limits of IssueCommandDto, checked before sending so the form explains them next to the field. */
export function validateCommandForm(v: CommandFormValues): CommandFormErrors {
  const errors: CommandFormErrors = {};
  if (takesReason(v.command) && v.reason.trim().length > 200) errors.reason = 'reasonTooLong';
  if (v.command === 'update') {
    const version = v.version.trim();
    if (!version) errors.version = 'versionRequired';
    else if (version.length > 64) errors.version = 'versionTooLong';
    const url = v.url.trim();
    if (url && (url.length > 2000 || !isHttpUrl(url))) errors.url = 'urlInvalid';
  }
  const ttl = v.ttlSeconds.trim();
  if (!/^\d+$/.test(ttl) || Number(ttl) < 5 || Number(ttl) > 86400) errors.ttlSeconds = 'ttlRange';
  return errors;
}

/** The request body of a valid form: only the params its command takes, blanks left out. */
export function commandBody(v: CommandFormValues): IssueCommandBody {
  const ttlSeconds = Number(v.ttlSeconds.trim());
  if (v.command === 'update') {
    const url = v.url.trim();
    return { command: 'update', params: { version: v.version.trim(), ...(url && { url }) }, ttlSeconds };
  }
  const reason = v.reason.trim();
  if (v.command === 'unblock' || !reason) return { command: v.command, params: {}, ttlSeconds };
  return { command: v.command, params: { reason }, ttlSeconds };
}
