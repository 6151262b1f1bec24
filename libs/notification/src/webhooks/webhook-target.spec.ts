import { loadAppConfig } from '@app/core';
import { isPrivateAddress, webhookTargetProblem } from './webhook-target';
import { allowPrivateTargets } from './webhook-http-client';

describe('webhook targets (SSRF)', () => {
  const production = { allowPrivate: false };
  const resolver = (table: Record<string, string[]>) => async (host: string) => {
    const found = table[host];
    if (!found) throw new Error('ENOTFOUND');
    return found;
  };

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a00:1',
    '2002:7f00:1::',
  ])('treats %s as private', (a) => expect(isPrivateAddress(a)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'treats %s as public',
    (a) => expect(isPrivateAddress(a)).toBe(false),
  );

  it('accepts only http(s) URLs without credentials, whatever the environment', async () => {
    const dev = { allowPrivate: true };
    expect(await webhookTargetProblem('ftp://example.com/x', dev)).toBe('must use http or https');
    expect(await webhookTargetProblem('file:///etc/passwd', dev)).toBe('must use http or https');
    expect(await webhookTargetProblem('not a url', dev)).toBe('must be an absolute http(s) URL');
    expect(await webhookTargetProblem('https://u:p@example.com/', dev)).toBe('must not carry credentials');
    expect(await webhookTargetProblem('http://127.0.0.1:9/hook', dev)).toBeNull();
  });

  it('in production refuses loopback and private literals, IPv6 forms included', async () => {
    for (const url of [
      'http://127.0.0.1/hook',
      'http://localhost/hook',
      'http://[::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://10.0.0.5/hook',
      'http://169.254.169.254/latest/meta-data',
    ]) {
      expect(
        await webhookTargetProblem(url, production, resolver({ localhost: ['127.0.0.1', '::1'] })),
      ).toMatch(/private or loopback/);
    }
  });

  it('in production checks every address the host resolves to', async () => {
    const dns = resolver({
      'hooks.example.com': ['93.184.216.34'],
      'sneaky.example.com': ['93.184.216.34', '10.0.0.7'],
    });
    expect(await webhookTargetProblem('https://hooks.example.com/in', production, dns)).toBeNull();
    expect(await webhookTargetProblem('https://sneaky.example.com/in', production, dns)).toBe(
      'must not target a private or loopback address (10.0.0.7)',
    );
    expect(await webhookTargetProblem('https://nowhere.example.com/in', production, dns)).toBe(
      'host nowhere.example.com cannot be resolved',
    );
  });

  it('allows private targets outside production, and in production only with WEBHOOK_ALLOW_PRIVATE=true', () => {
    const prod = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://db/x' };
    expect(allowPrivateTargets(loadAppConfig({ NODE_ENV: 'development' }))).toBe(true);
    expect(allowPrivateTargets(loadAppConfig({ NODE_ENV: 'test' }))).toBe(true);
    expect(allowPrivateTargets(loadAppConfig(prod))).toBe(false);
    expect(allowPrivateTargets(loadAppConfig({ ...prod, WEBHOOK_ALLOW_PRIVATE: 'true' }))).toBe(true);
  });
});
