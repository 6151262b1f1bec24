import { loadAppConfig } from './app.config';

/** The env schema reads TRUST_PROXY as Express's `trust proxy` wants it, and refuses anything else at start. */
const load = (env: Record<string, string>) => loadAppConfig({ NODE_ENV: 'test', ...env });
const trustProxy = (value: string) => load({ TRUST_PROXY: value }).http.trustProxy;

describe('TRUST_PROXY', () => {
  it('defaults to trusting no proxy', () => {
    expect(load({}).http.trustProxy).toBe(false);
  });

  it('keeps true/false (any case) for compatibility', () => {
    expect(trustProxy('true')).toBe(true);
    expect(trustProxy('TRUE')).toBe(true);
    expect(trustProxy('false')).toBe(false);
  });

  it('reads a bare integer as a hop count', () => {
    expect(trustProxy('2')).toBe(2);
    expect(trustProxy('1')).toBe(1);
    expect(trustProxy('0')).toBe(0);
  });

  it('reads a comma-separated list of IPs, CIDR ranges and proxy-addr names', () => {
    expect(trustProxy('10.0.0.0/8,127.0.0.1')).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(trustProxy(' 10.0.0.0/8 , 127.0.0.1 ')).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(trustProxy('loopback,fd00::/8,2001:db8::1')).toEqual(['loopback', 'fd00::/8', '2001:db8::1']);
  });

  it.each([
    ['garbage', /"garbage" is not an IP address/],
    ['yes', /"yes" is not an IP address/],
    ['', /TRUST_PROXY/],
    ['10.0.0.0/33', /prefix length must be 0…32/],
    ['fd00::/129', /prefix length must be 0…128/],
    ['10.0.0.0/8,', /comma-separated list/],
    ['10.0.0.0/x', /prefix length/],
    ['999.1.1.1', /not an IP address/],
    ['1.5', /not an IP address/],
    ['-1', /not an IP address/],
    ['33', /hop count must be 0…32/],
    ['127.0.0.1;rm -rf', /not an IP address/],
  ])('refuses %j at start with a clear reason', (value, reason) => {
    expect(() => trustProxy(value)).toThrow(/TRUST_PROXY/);
    expect(() => trustProxy(value)).toThrow(reason);
  });
});

describe('login protection settings', () => {
  it('has defaults: 5 free failures, 1 s doubling to 15 min, 50 failures per username per hour', () => {
    expect(load({}).login).toEqual({
      freeFailures: 5,
      delayBaseMs: 1000,
      delayMaxSec: 900,
      failureWindowSec: 3600,
      userFailureCeiling: 50,
      userThrottleSec: 60,
      rateLimitPerMin: 20,
    });
  });

  it('refuses the old lockout settings at start, naming what replaced them', () => {
    expect(() => load({ LOGIN_MAX_FAILURES: '5' })).toThrow(
      /LOGIN_MAX_FAILURES.*no longer read.*LOGIN_FREE_FAILURES/,
    );
    expect(() => load({ LOGIN_LOCK_SEC: '900' })).toThrow(/LOGIN_LOCK_SEC.*no longer read/);
  });

  it.each([
    ['LOGIN_FREE_FAILURES', '0'],
    ['LOGIN_DELAY_BASE_MS', '5'],
    ['LOGIN_DELAY_MAX_SEC', '-1'],
    ['LOGIN_USER_FAILURE_CEILING', 'many'],
    ['LOGIN_USER_THROTTLE_SEC', '1.5'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => load({ [name]: value })).toThrow(new RegExp(name));
  });
});
