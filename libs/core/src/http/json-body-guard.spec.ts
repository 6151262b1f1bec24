import { assertSafeJsonBody } from './json-body-guard';

const check = (text: string, depth?: number) => () => assertSafeJsonBody(Buffer.from(text), depth);

describe('assertSafeJsonBody', () => {
  it('accepts ordinary bodies, escapes and surrogate pairs', () => {
    expect(check('{"a":[1,{"b":"x\\"]]]]\\\\"}],"e":"\\ud83d\\ude00","n":"\\u0041"}')).not.toThrow();
    expect(check('"\\\\u0000"')).not.toThrow(); // an escaped backslash, then plain text
    expect(check('[[["[[[[[[[["]]]', 3)).not.toThrow(); // brackets inside strings do not nest
  });

  it('refuses nesting past the limit with a 400 that says why', () => {
    expect(check('[[[[]]]]', 3)).toThrow('JSON nests deeper than 3 levels');
    expect(check('{"a":{"b":{"c":{}}}}', 3)).toThrow(expect.objectContaining({ status: 400, expose: true }));
    expect(check('['.repeat(100_000))).toThrow('deeper than 32');
  });

  it('refuses strings PostgreSQL cannot store', () => {
    expect(check('{"a":"x\\u0000"}')).toThrow('\\u0000');
    expect(check('{"a":"\\ud800"}')).toThrow('lone surrogate');
    expect(check('{"a":"\\ud800\\u0041"}')).toThrow('lone surrogate');
    expect(check('{"a":"\\udc00"}')).toThrow('lone surrogate');
    expect(check('{"a":"\\uD83D"}')).toThrow('lone surrogate');
  });
});
