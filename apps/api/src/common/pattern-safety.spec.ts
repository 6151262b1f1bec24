import { RegExpParser } from '@eslint-community/regexpp';
import { getMetadataStorage } from 'class-validator';
import { analyse } from 'scslre';
import * as kioskWire from '../realtime/kiosk/kiosk-wire.schemas';
import * as paymentWire from '../realtime/kiosk/kiosk-payment-wire';
// Importing the app registers every DTO's class-validator metadata.
import { AppModule } from '../app.module';

/**
 * eslint-plugin-regexp checks regex literals; the wire's JSON Schemas hold patterns as strings and
 * DTOs may build theirs at run time. This finds every pattern the wire and the DTOs run on input
 * and holds each to the same rule: no super-linear backtracking for any input.
 */

function schemaPatterns(value: unknown, at: string, out: Array<[string, RegExp]>): void {
  if (Array.isArray(value)) value.forEach((v, i) => schemaPatterns(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'pattern' && typeof v === 'string') out.push([at, new RegExp(v, 'u')]);
      else schemaPatterns(v, `${at}.${key}`, out);
    }
  }
}

function dtoPatterns(): Array<[string, RegExp]> {
  const out: Array<[string, RegExp]> = [];
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<
      unknown,
      Array<{ target: { name?: string }; propertyName: string; constraints?: unknown[] }>
    >;
  };
  for (const list of storage.validationMetadatas.values()) {
    for (const m of list) {
      for (const c of m.constraints ?? []) {
        if (c instanceof RegExp) out.push([`${m.target.name ?? '?'}.${m.propertyName}`, c]);
      }
    }
  }
  return out;
}

function superLinearReports(re: RegExp): string[] {
  const literal = new RegExpParser().parseLiteral(String(re));
  return analyse(literal).reports.map((r) => `${r.type}${r.exponential ? ' (exponential)' : ''}`);
}

describe('patterns that run on input cannot backtrack super-linearly', () => {
  const wire: Array<[string, RegExp]> = [];
  schemaPatterns(kioskWire, 'kiosk-wire', wire);
  schemaPatterns(paymentWire, 'kiosk-payment-wire', wire);
  const dtos = dtoPatterns();

  it('finds the patterns it is meant to check', () => {
    expect(AppModule).toBeDefined();
    expect(wire.length).toBeGreaterThanOrEqual(3);
    expect(dtos.length).toBeGreaterThanOrEqual(10);
  });

  it.each([...wire, ...dtos].map(([where, re]) => [where, re.source, re] as const))(
    '%s /%s/',
    (_where, _source, re) => {
      expect(superLinearReports(re)).toEqual([]);
    },
  );

  it('catches a pattern that does backtrack (the check itself works)', () => {
    // Deliberately vulnerable samples, which the lint rule rightly refuses anywhere else.
    // eslint-disable-next-line regexp/no-super-linear-backtracking, regexp/no-misleading-capturing-group
    expect(superLinearReports(/^(a+)+$/)).not.toEqual([]);
    // eslint-disable-next-line regexp/no-super-linear-backtracking
    expect(superLinearReports(/^\d+.*\d+$/)).not.toEqual([]);
  });
});
