import { KioskFleetApiError } from '@kiosk-fleet/sdk';
import { describe, expect, it } from 'vitest';
import { sameNameFields, submitErrorsFrom } from './field-errors';
import { ruleFieldOf } from './rule-form';
import { windowFieldOf } from './window-form';

const apiError = (statusCode: number, message: string, details: { field: string; message: string }[] = []) =>
  new KioskFleetApiError({
    statusCode,
    error: 'x',
    message,
    details,
    method: 'POST',
    url: 'http://x/api/v1/x',
  });

const userFields = sameNameFields(['username', 'password', 'role'] as const);

describe('submitErrorsFrom', () => {
  it('puts 400 details next to their fields, first message per field, without the generic message', () => {
    const e = apiError(400, 'Validation failed', [
      { field: 'password', message: 'password must be longer than or equal to 12 characters' },
      { field: 'password', message: 'second message' },
      { field: 'username', message: 'username may contain only letters, digits, ".", "_" and "-"' },
    ]);
    expect(submitErrorsFrom(e, userFields)).toEqual({
      fields: {
        password: { text: 'password must be longer than or equal to 12 characters' },
        username: { text: 'username may contain only letters, digits, ".", "_" and "-"' },
      },
      form: null,
    });
  });

  it('shows a 409 on the field it names', () => {
    const e = apiError(409, 'Username "ana" is taken', [{ field: 'username', message: 'already exists' }]);
    expect(submitErrorsFrom(e, userFields).fields.username).toEqual({ text: 'already exists' });
  });

  it('keeps a 422 without details above the form, in the API words', () => {
    const e = apiError(422, 'Cannot demote the last admin');
    expect(submitErrorsFrom(e, userFields)).toEqual({
      fields: {},
      form: { text: 'Cannot demote the last admin' },
    });
  });

  it('lists details no field shows above the form, with their path', () => {
    const e = apiError(400, 'Validation failed', [
      { field: 'extra', message: 'unknown field' },
      { field: 'role', message: 'role must be one of the following values: admin, operator, viewer' },
    ]);
    const out = submitErrorsFrom(e, userFields);
    expect(out.fields.role).toBeDefined();
    expect(out.form).toEqual({ text: 'Validation failed — extra: unknown field' });
  });

  it('maps element paths (`tags[1]`) to the list field', () => {
    const fields = sameNameFields(['name', 'tags'] as const);
    const e = apiError(400, 'Validation failed', [{ field: 'tags[1]', message: 'bad tag' }]);
    expect(submitErrorsFrom(e, fields).fields.tags).toEqual({ text: 'bad tag' });
  });

  it('explains 403, 429 and network failures in the dashboard language', () => {
    expect(submitErrorsFrom(apiError(403, 'Forbidden resource'), userFields).form).toEqual({
      key: 'errors.forbidden',
    });
    const limited = new KioskFleetApiError({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Too many requests',
      retryAfterSec: 7,
      method: 'POST',
      url: 'http://x',
    });
    expect(submitErrorsFrom(limited, userFields).form).toEqual({
      key: 'errors.rateLimited',
      values: { seconds: 7 },
    });
    expect(submitErrorsFrom(new TypeError('Failed to fetch'), userFields).form).toEqual({
      key: 'errors.network',
    });
  });
});

describe('ruleFieldOf', () => {
  it.each([
    ['condition.value', 'clauses.0.value'],
    ['condition.all[2].op', 'clauses.2.op'],
    ['condition.any[0].field', 'clauses.0.field'],
    ['condition.all', 'clauses'],
    ['condition.any[1]', 'clauses'],
    ['condition', 'clauses'],
    ['condition.forSeconds', 'livenessForSeconds'],
    ['condition.count', 'rateCount'],
    ['condition.withinSeconds', 'rateWithinSeconds'],
    ['condition.method', 'rateMethod'],
    ['scope.value', 'scopeValue'],
    ['scope.kind', 'scopeKind'],
    ['forSeconds', 'forSeconds'],
    ['name', 'name'],
    ['somethingElse', null],
  ])('%s → %s', (api, field) => {
    expect(ruleFieldOf(api)).toBe(field);
  });
});

describe('windowFieldOf', () => {
  it('maps the nested scope and the dates', () => {
    expect(windowFieldOf('scope.value')).toBe('scopeValue');
    expect(windowFieldOf('scope.kind')).toBe('scopeKind');
    expect(windowFieldOf('endsAt')).toBe('endsAt');
    expect(windowFieldOf('createdBy')).toBeNull();
  });
});
