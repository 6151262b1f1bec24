import { EventEmitter } from 'node:events';
import type { Pool, PoolClient } from 'pg';
import { checkOutClient } from './pg-pool';

/** A checked-out client as pg-pool hands it over: no error listener of the pool's on it. */
class FakeClient extends EventEmitter {
  released: Array<Error | boolean | undefined> = [];
  release(err?: Error | boolean): void {
    this.released.push(err);
  }
}

function fakePool(client: FakeClient): Pool {
  return { connect: async () => client as unknown as PoolClient } as unknown as Pool;
}

describe('checkOutClient', () => {
  it('a bare checked-out client with its connection cut throws (what ended the API under a PostgreSQL outage)', () => {
    const client = new FakeClient();
    expect(() => client.emit('error', new Error('Connection terminated unexpectedly'))).toThrow(
      'Connection terminated unexpectedly',
    );
  });

  it('notes a connection cut while held and discards that connection on release', async () => {
    const client = new FakeClient();
    const { release } = await checkOutClient(fakePool(client));
    const cut = new Error('Connection terminated unexpectedly');
    expect(() => client.emit('error', cut)).not.toThrow();
    expect(() => client.emit('error', new Error('a second one'))).not.toThrow();
    release();
    expect(client.released).toEqual([cut]);
    expect(client.listenerCount('error')).toBe(0);
  });

  it('passes the caller’s error on release, and returns a healthy connection with none', async () => {
    const broken = new FakeClient();
    const a = await checkOutClient(fakePool(broken));
    const why = new Error('COPY failed mid-stream');
    a.release(why);
    expect(broken.released).toEqual([why]);

    const healthy = new FakeClient();
    const b = await checkOutClient(fakePool(healthy));
    b.release();
    expect(healthy.released).toEqual([undefined]);
    expect(healthy.listenerCount('error')).toBe(0);
  });

  it('releases once: a second release (a finally after an early one) does nothing', async () => {
    const client = new FakeClient();
    const { release } = await checkOutClient(fakePool(client));
    release();
    release(new Error('late'));
    expect(client.released).toEqual([undefined]);
  });
});
