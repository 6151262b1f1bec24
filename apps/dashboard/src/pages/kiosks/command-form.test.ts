import { describe, expect, it } from 'vitest';
import { INITIAL_COMMAND_FORM, commandBody, validateCommandForm } from './command-form';

describe('command form', () => {
  it('accepts a restart with a reason and sends it', () => {
    const v = { ...INITIAL_COMMAND_FORM, reason: '  frozen screen ' };
    expect(validateCommandForm(v)).toEqual({});
    expect(commandBody(v)).toEqual({
      command: 'restart',
      params: { reason: 'frozen screen' },
      ttlSeconds: 120,
    });
  });

  it('leaves a blank reason out, and unblock never carries one', () => {
    expect(commandBody({ ...INITIAL_COMMAND_FORM, command: 'block' })).toEqual({
      command: 'block',
      params: {},
      ttlSeconds: 120,
    });
    expect(commandBody({ ...INITIAL_COMMAND_FORM, command: 'unblock', reason: 'ignored' })).toEqual({
      command: 'unblock',
      params: {},
      ttlSeconds: 120,
    });
  });

  it('requires a version for update and checks its URL', () => {
    const update = { ...INITIAL_COMMAND_FORM, command: 'update' as const };
    expect(validateCommandForm(update)).toEqual({ version: 'versionRequired' });
    expect(validateCommandForm({ ...update, version: '2.4.0', url: 'ftp://x/fw.bin' })).toEqual({
      url: 'urlInvalid',
    });
    expect(validateCommandForm({ ...update, version: 'x'.repeat(65) })).toEqual({
      version: 'versionTooLong',
    });
    const ok = { ...update, version: '2.4.0', url: 'https://cdn.example.com/fw.bin', ttlSeconds: '600' };
    expect(validateCommandForm(ok)).toEqual({});
    expect(commandBody(ok)).toEqual({
      command: 'update',
      params: { version: '2.4.0', url: 'https://cdn.example.com/fw.bin' },
      ttlSeconds: 600,
    });
  });

  it('keeps the reason within 200 characters and the TTL within 5…86400 seconds', () => {
    expect(validateCommandForm({ ...INITIAL_COMMAND_FORM, reason: 'r'.repeat(201) })).toEqual({
      reason: 'reasonTooLong',
    });
    for (const ttl of ['4', '86401', '', '1.5', 'abc']) {
      expect(validateCommandForm({ ...INITIAL_COMMAND_FORM, ttlSeconds: ttl })).toEqual({
        ttlSeconds: 'ttlRange',
      });
    }
    expect(validateCommandForm({ ...INITIAL_COMMAND_FORM, ttlSeconds: '86400' })).toEqual({});
  });
});
