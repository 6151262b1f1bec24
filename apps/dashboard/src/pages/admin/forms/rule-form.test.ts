import type { Schema } from '@kiosk-fleet/sdk';
import { describe, expect, it } from 'vitest';
import { conditionValues, isTelemetryCondition, toCondition, withField } from './condition';
import { createRuleBody, emptyRule, ruleValues, updateRuleBody, validateRule } from './rule-form';

const v = (key: string, values?: Record<string, string | number>) => ({ key: `validation.${key}`, values });

const rule: Schema<'AlertRuleDto'> = {
  id: 'r1',
  name: 'CPU hot',
  severity: 'major',
  enabled: true,
  scope: { kind: 'tag', value: 'north' },
  condition: { value: 85, op: '>', field: 'hardware.cpu_temp' },
  forSeconds: 60,
  createdAt: '',
  updatedAt: '',
};

describe('alert rule conditions', () => {
  it('round-trips every clause kind through the form', () => {
    const conditions: Schema<'CreateAlertRuleDto'>['condition'][] = [
      { field: 'hardware.cpu_temp', op: '>', value: 85 },
      {
        any: [
          { field: 'network.latency', op: '>', value: 2000 },
          { field: 'peripherals.card_reader', op: '!=', value: 'ready' },
        ],
      },
      { liveness: 'offline', forSeconds: 300 },
      { event: 'payment_failed', method: 'card', count: 3, withinSeconds: 600 },
      { event: 'payment_failed', count: 5, withinSeconds: 60 },
    ];
    for (const c of conditions) expect(toCondition(conditionValues(c))).toEqual(c);
  });

  it('switching a clause to a peripheral keeps == / != and picks one of its states', () => {
    const next = withField(
      { field: 'hardware.cpu_temp', op: '>', value: '85' },
      'peripherals.printer_status',
    );
    expect(next).toEqual({ field: 'peripherals.printer_status', op: '==', value: 'ready' });
    expect(withField(next, 'hardware.ram_usage')).toEqual({
      field: 'hardware.ram_usage',
      op: '==',
      value: '',
    });
  });

  it('tells telemetry rules (backtestable) from liveness and rate rules', () => {
    expect(isTelemetryCondition({ all: [{ field: 'hardware.cpu_temp', op: '>', value: 1 }] })).toBe(true);
    expect(isTelemetryCondition({ liveness: 'stale', forSeconds: 0 })).toBe(false);
    expect(isTelemetryCondition({ event: 'payment_failed', count: 1, withinSeconds: 1 })).toBe(false);
  });
});

describe('alert rule form', () => {
  it('validates name, scope, clause values and windows with the API limits', () => {
    const base = {
      ...emptyRule(),
      name: 'x',
      clauses: [{ field: 'hardware.cpu_temp' as const, op: '>' as const, value: '85' }],
    };
    expect(validateRule(base)).toEqual({});
    expect(validateRule({ ...base, name: ' ' }).name).toEqual(v('required'));
    expect(validateRule({ ...base, scopeKind: 'kiosk', scopeValue: 'abc' }).scopeValue).toEqual(v('kioskId'));
    expect(validateRule({ ...base, scopeKind: 'tag', scopeValue: '' }).scopeValue).toEqual(
      v('kioskTag', { value: '' }),
    );
    expect(
      validateRule({ ...base, clauses: [{ field: 'hardware.cpu_temp', op: '>', value: 'hot' }] }),
    ).toEqual({
      'clauses.0.value': v('number'),
    });
    expect(
      validateRule({ ...base, clauses: [{ field: 'peripherals.card_reader', op: '>', value: 'ready' }] }),
    ).toEqual({ 'clauses.0.op': v('equalityOnly') });
    expect(validateRule({ ...base, forSeconds: '86401' }).forSeconds).toEqual(
      v('integerRange', { min: 0, max: 86400 }),
    );
    expect(validateRule({ ...base, conditionKind: 'rate', rateCount: '0' }).rateCount).toEqual(
      v('integerRange', { min: 1, max: 10000 }),
    );
  });

  it('sends forSeconds 0 for liveness and rate rules (their clause carries the window)', () => {
    const body = createRuleBody({
      ...emptyRule(),
      name: 'Offline',
      conditionKind: 'liveness',
      forSeconds: '60',
    });
    expect(body).toMatchObject({
      forSeconds: 0,
      condition: { liveness: 'offline', forSeconds: 300 },
      scope: { kind: 'all' },
    });
  });

  it('an edit sends only what changed, whatever key order the server stored the condition in', () => {
    const values = ruleValues(rule);
    expect(updateRuleBody(rule, values)).toEqual({});
    expect(updateRuleBody(rule, { ...values, name: 'CPU very hot' })).toEqual({ name: 'CPU very hot' });
    expect(
      updateRuleBody(rule, { ...values, clauses: [{ field: 'hardware.cpu_temp', op: '>', value: '90' }] }),
    ).toEqual({
      condition: { field: 'hardware.cpu_temp', op: '>', value: 90 },
    });
    expect(updateRuleBody(rule, { ...values, scopeKind: 'kiosk', scopeValue: '7' })).toEqual({
      scope: { kind: 'kiosk', value: 7 },
    });
  });
});
