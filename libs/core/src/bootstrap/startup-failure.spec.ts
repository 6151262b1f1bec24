import { describeStartupFailure } from './startup-failure';

const systemError = (props: Record<string, unknown>) => Object.assign(new Error('raw'), props);

describe('describeStartupFailure', () => {
  it('names the taken port and what to do', () => {
    const e = systemError({ code: 'EADDRINUSE', syscall: 'listen', address: '0.0.0.0', port: 3000 });
    expect(describeStartupFailure(e)).toBe(
      'port 0.0.0.0:3000 is already in use: stop the process holding it, or set PORT (and HOST) to a free one',
    );
  });

  it('tells to migrate when a table is missing', () => {
    const e = systemError({ code: '42P01', message: 'relation "users" does not exist' });
    expect(describeStartupFailure(e)).toMatch(/^the database has no schema yet .*migration:run/);
  });

  it('points at the URLs when a server is out of reach', () => {
    const e = systemError({ code: 'ECONNREFUSED', address: '127.0.0.1', port: 5999 });
    expect(describeStartupFailure(e)).toMatch(
      /^cannot reach 127\.0\.0\.1:5999 \(ECONNREFUSED\): check DATABASE_URL/,
    );
  });

  it('keeps any other message, and copes with non-errors', () => {
    expect(describeStartupFailure(new Error('something specific'))).toBe('something specific');
    expect(describeStartupFailure('plain')).toBe('plain');
  });
});
