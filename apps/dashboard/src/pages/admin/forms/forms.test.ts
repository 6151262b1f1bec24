import type { Schema } from '@kiosk-fleet/sdk';
import { describe, expect, it } from 'vitest';
import { createApiKeyBody, validateApiKey } from './api-key-form';
import { backtestBody, defaultBacktest, validateBacktest } from './backtest-form';
import { createPolicyBody, updatePolicyBody, validatePolicy } from './policy-form';
import { createUserBody, editUserBody, validateCreateUser, validateEditUser } from './user-form';
import { createWebhookBody, updateWebhookBody, validateWebhook } from './webhook-form';
import { createWindowBody, validateWindow } from './window-form';

const v = (key: string, values?: Record<string, string | number>) => ({ key: `validation.${key}`, values });

describe('users', () => {
  it('checks the username as the API does: trimmed, lower-cased, 3–64 of [a-z0-9._-]', () => {
    const base = { password: 'correct-horse-battery', role: 'operator' as const };
    expect(validateCreateUser({ ...base, username: '  Ana.Operator ' })).toEqual({});
    expect(validateCreateUser({ ...base, username: 'ab' }).username).toEqual(v('tooShort', { min: 3 }));
    expect(validateCreateUser({ ...base, username: 'a'.repeat(65) }).username).toEqual(
      v('tooLong', { max: 64 }),
    );
    expect(validateCreateUser({ ...base, username: 'ana operator' }).username).toEqual(v('username'));
    expect(createUserBody({ ...base, username: '  Ana.Operator ' }).username).toBe('ana.operator');
  });

  it('asks for 12–256 characters of password', () => {
    const errors = validateCreateUser({ username: 'ana', password: 'short', role: 'viewer' });
    expect(errors).toEqual({ password: v('tooShort', { min: 12 }) });
    expect(validateCreateUser({ username: 'ana', password: '', role: 'viewer' }).password).toEqual(
      v('tooShort', { min: 12 }),
    );
  });

  it('edits send only what changed; an empty password means unchanged', () => {
    const user: Schema<'UserDto'> = {
      id: 'u1',
      username: 'ana',
      role: 'viewer',
      disabled: false,
      createdAt: '',
      updatedAt: '',
    };
    expect(validateEditUser({ role: 'viewer', password: '' })).toEqual({});
    expect(validateEditUser({ role: 'viewer', password: 'short' })).toEqual({
      password: v('tooShort', { min: 12 }),
    });
    expect(editUserBody(user, { role: 'viewer', password: '' })).toEqual({});
    expect(editUserBody(user, { role: 'operator', password: '' })).toEqual({ role: 'operator' });
    expect(editUserBody(user, { role: 'viewer', password: 'a-new-long-passphrase' })).toEqual({
      password: 'a-new-long-passphrase',
    });
  });
});

describe('webhooks', () => {
  const ok = {
    url: 'https://hooks.example.com/x',
    events: ['alert.raised' as const],
    secret: '',
    active: true,
  };

  it('accepts http(s) URLs only, at least one event, and a 16+ character secret when given', () => {
    expect(validateWebhook(ok)).toEqual({});
    expect(validateWebhook({ ...ok, url: 'ftp://x.example.com' }).url).toEqual(v('url'));
    expect(validateWebhook({ ...ok, url: 'not a url' }).url).toEqual(v('url'));
    expect(validateWebhook({ ...ok, url: '' }).url).toEqual(v('required'));
    expect(validateWebhook({ ...ok, events: [] }).events).toEqual(v('eventsRequired'));
    expect(validateWebhook({ ...ok, secret: 'too-short' }).secret).toEqual(v('tooShort', { min: 16 }));
  });

  it('leaves the secret out when empty (the API generates one) and sends only changes on edit', () => {
    expect(createWebhookBody(ok)).toEqual({ url: ok.url, events: ok.events, active: true });
    const hook: Schema<'WebhookDto'> = {
      id: 'w',
      url: ok.url,
      events: ['alert.raised'],
      active: true,
      createdAt: '',
    };
    expect(updateWebhookBody(hook, ok)).toEqual({});
    expect(
      updateWebhookBody(hook, { ...ok, active: false, events: ['kiosk.offline', 'alert.raised'] }),
    ).toEqual({
      active: false,
      events: ['kiosk.offline', 'alert.raised'],
    });
  });
});

describe('API keys', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  const ok = { name: 'ERP', role: 'viewer' as const, tags: 'station, buenos-aires', expiresAt: '' };

  it('requires at least one valid tag, unique, at most 20', () => {
    expect(validateApiKey(ok, now)).toEqual({});
    expect(validateApiKey({ ...ok, tags: '' }, now).tags).toEqual(v('tagsRequired'));
    expect(validateApiKey({ ...ok, tags: 'a a' }, now).tags).toEqual(v('duplicates'));
    expect(validateApiKey({ ...ok, tags: 'good bad!tag' }, now).tags).toEqual(
      v('kioskTag', { value: 'bad!tag' }),
    );
    const many = Array.from({ length: 21 }, (_, i) => `t${i}`).join(',');
    expect(validateApiKey({ ...ok, tags: many }, now).tags).toEqual(v('tooMany', { max: 20 }));
  });

  it('refuses an empty or control-character name and a past expiry', () => {
    expect(validateApiKey({ ...ok, name: '   ' }, now).name).toEqual(v('required'));
    expect(validateApiKey({ ...ok, name: 'a\u0007b' }, now).name).toEqual(v('controlCharacters'));
    expect(validateApiKey({ ...ok, expiresAt: '2020-01-01T00:00' }, now).expiresAt).toEqual(v('future'));
  });

  it('builds the body with split tags and an ISO expiry', () => {
    const body = createApiKeyBody({ ...ok, expiresAt: '2027-01-01T10:00' });
    expect(body.tags).toEqual(['station', 'buenos-aires']);
    expect(body.expiresAt).toBe(new Date('2027-01-01T10:00').toISOString());
    expect('expiresAt' in createApiKeyBody(ok)).toBe(false);
  });
});

describe('maintenance windows', () => {
  const now = new Date('2026-12-07T12:00:00');
  const ok = {
    scopeKind: 'kiosk' as const,
    scopeValue: '12',
    startsAt: '2026-12-07T12:00',
    endsAt: '2026-12-07T14:00',
    reason: 'Replacing the card reader',
  };

  it('checks the scope value by kind', () => {
    expect(validateWindow(ok, now)).toEqual({});
    expect(validateWindow({ ...ok, scopeValue: '0' }, now).scopeValue).toEqual(v('kioskId'));
    expect(validateWindow({ ...ok, scopeKind: 'tag', scopeValue: 'north/1' }, now)).toEqual({});
    expect(validateWindow({ ...ok, scopeKind: 'tag', scopeValue: 'two words' }, now).scopeValue).toEqual(
      v('kioskTag', { value: 'two words' }),
    );
  });

  it('needs the end after the start, in the future, at most 31 days later, and a reason', () => {
    expect(validateWindow({ ...ok, endsAt: '2026-12-07T11:00' }, now).endsAt).toEqual(v('endsAfterStart'));
    expect(
      validateWindow({ ...ok, startsAt: '2026-12-01T00:00', endsAt: '2026-12-07T11:00' }, now).endsAt,
    ).toEqual(v('endsInPast'));
    expect(validateWindow({ ...ok, endsAt: '2027-01-09T12:00' }, now).endsAt).toEqual(
      v('maxDays', { days: 31 }),
    );
    expect(validateWindow({ ...ok, reason: ' ' }, now).reason).toEqual(v('required'));
  });

  it('sends a kiosk id as a number and a tag as a string', () => {
    expect(createWindowBody(ok).scope).toEqual({ kind: 'kiosk', value: 12 });
    expect(createWindowBody({ ...ok, scopeKind: 'tag', scopeValue: ' north ' }).scope).toEqual({
      kind: 'tag',
      value: 'north',
    });
  });
});

describe('notification policies', () => {
  const ok = { recipients: 'oncall@example.com, fleet@example.com', minSeverity: 'major' as const, tags: '' };

  it('needs 1–50 unique e-mail addresses and policy tags without "/"', () => {
    expect(validatePolicy(ok)).toEqual({});
    expect(validatePolicy({ ...ok, recipients: '' }).recipients).toEqual(v('recipientsRequired'));
    expect(validatePolicy({ ...ok, recipients: 'oncall@example' }).recipients).toEqual(
      v('email', { value: 'oncall@example' }),
    );
    expect(validatePolicy({ ...ok, recipients: 'a@x.io a@x.io' }).recipients).toEqual(v('duplicates'));
    expect(validatePolicy({ ...ok, tags: 'north/1' }).tags).toEqual(v('policyTag', { value: 'north/1' }));
  });

  it('sends no tags as null (every kiosk) and only changes on edit', () => {
    expect(createPolicyBody(ok)).toEqual({
      channel: 'email',
      recipients: ['oncall@example.com', 'fleet@example.com'],
      minSeverity: 'major',
      tags: null,
    });
    const policy: Schema<'NotificationPolicyDto'> = {
      id: 'p',
      channel: 'email',
      recipients: ['oncall@example.com', 'fleet@example.com'],
      minSeverity: 'major',
      tags: ['airport'],
      createdAt: '',
    };
    expect(updatePolicyBody(policy, { ...ok, tags: 'airport' })).toEqual({});
    expect(updatePolicyBody(policy, ok)).toEqual({ tags: null });
    expect(updatePolicyBody(policy, { ...ok, minSeverity: 'critical', tags: 'airport' })).toEqual({
      minSeverity: 'critical',
    });
  });
});

describe('backtest range', () => {
  it('needs `to` after `from` and at most 31 days', () => {
    expect(validateBacktest({ from: '2026-12-01T00:00', to: '2026-12-02T00:00' })).toEqual({});
    expect(validateBacktest({ from: '2026-12-02T00:00', to: '2026-12-01T00:00' }).to).toEqual(
      v('toAfterFrom'),
    );
    expect(validateBacktest({ from: '2026-10-01T00:00', to: '2026-12-01T00:00' }).to).toEqual(
      v('maxDays', { days: 31 }),
    );
    expect(validateBacktest({ from: '', to: '2026-12-01T00:00' }).from).toEqual(v('dateTime'));
    expect(backtestBody({ from: '2026-12-01T00:00', to: '2026-12-02T00:00' }).from).toBe(
      new Date('2026-12-01T00:00').toISOString(),
    );
  });
});

describe('default backtest range', () => {
  it('covers the last 24 hours up to the next whole minute, so the latest readings count', () => {
    const now = new Date(2026, 11, 7, 12, 30, 40);
    expect(defaultBacktest(now)).toEqual({ from: '2026-12-06T12:31', to: '2026-12-07T12:31' });
  });
});
