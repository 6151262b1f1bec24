import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ProvisionError, provisionKiosks } from './provision';
import { FakeRest, FakeRestOptions, createFakeRest } from './testing/fake-rest';
import { KioskRegistration } from './provision';

const regs = (n: number): KioskRegistration[] =>
  Array.from({ length: n }, (_, i) => ({
    serial: `SIM-PRV-${String(i + 1).padStart(5, '0')}`,
    name: `kiosk ${i + 1}`,
    location: { lat: 40 + i / 1000, lng: -3 },
    tags: ['simulated'],
  }));

describe('provisioning through the REST API', () => {
  let server: Server;
  let rest: FakeRest;
  let baseUrl: string;

  async function start(opts: Partial<FakeRestOptions> = {}): Promise<void> {
    rest = createFakeRest({ username: 'admin', password: 'pw', ...opts });
    server = createServer(rest.handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  afterEach(async () => {
    await new Promise((r) => server.close(r));
  });

  it('logs in, registers every kiosk with bounded concurrency and returns the one-time secrets', async () => {
    await start({ delayMs: 5 });
    const creds = await provisionKiosks({
      baseUrl,
      username: 'admin',
      password: 'pw',
      kiosks: regs(60),
      concurrency: 20,
    });
    expect(creds).toHaveLength(60);
    expect(creds[7]).toEqual({
      serial: 'SIM-PRV-00008',
      secret: 'secret-SIM-PRV-00008',
      kioskId: expect.any(Number),
      lat: 40.007,
      lng: -3,
    });
    expect(new Set(creds.map((c) => c.kioskId)).size).toBe(60);
    expect(rest.maxConcurrent).toBeGreaterThan(1);
    expect(rest.maxConcurrent).toBeLessThanOrEqual(20);
    expect(rest.created[0]).toMatchObject({
      serial: 'SIM-PRV-00001',
      tags: ['simulated'],
      location: { lat: 40, lng: -3 },
    });
  });

  it('explains a duplicate serial (409): fresh run id or a credentials file', async () => {
    await start({ existing: ['SIM-PRV-00002'] });
    const error = await provisionKiosks({
      baseUrl,
      username: 'admin',
      password: 'pw',
      kiosks: regs(3),
      concurrency: 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisionError);
    expect((error as Error).message).toMatch(/SIM-PRV-00002 already exists \(409\).*--run-id.*--credentials/);
  });

  it('reports refused admin credentials clearly', async () => {
    await start();
    await expect(
      provisionKiosks({ baseUrl, username: 'admin', password: 'wrong', kiosks: regs(1) }),
    ).rejects.toThrow(/login as "admin" refused \(401\)/);
  });

  it('retries transient 5xx answers', async () => {
    await start({ failFirst: 2 });
    const creds = await provisionKiosks({
      baseUrl,
      username: 'admin',
      password: 'pw',
      kiosks: regs(2),
      concurrency: 1,
    });
    expect(creds.map((c) => c.serial)).toEqual(['SIM-PRV-00001', 'SIM-PRV-00002']);
  });

  it('logs in again once when the token expires mid-way', async () => {
    await start();
    let calls = 0;
    const fetchImpl: typeof fetch = (input, init) => {
      if (++calls === 3) rest.expireTokens();
      return fetch(input, init);
    };
    const creds = await provisionKiosks({
      baseUrl,
      username: 'admin',
      password: 'pw',
      kiosks: regs(4),
      concurrency: 1,
      fetchImpl,
    });
    expect(creds).toHaveLength(4);
    expect(rest.logins).toBe(2);
  });

  it('says when the backend cannot be reached', async () => {
    await start();
    await expect(
      provisionKiosks({ baseUrl: 'http://127.0.0.1:1', username: 'admin', password: 'pw', kiosks: regs(1) }),
    ).rejects.toThrow(/cannot reach http:\/\/127\.0\.0\.1:1/);
  });
});
